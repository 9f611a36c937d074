package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.app.Ctx;
import dev.ctx.app.WarmWorkspace;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident server's background sync, driven tick by tick with explicit times: it follows sync.interval,
 * and a repository whose write lock is held (a write in flight) is skipped until the write is done. In the
 * store's package so the test can hold the write lock itself.
 */
class BackgroundSyncTest {
    @TempDir
    Path tmp;

    @Test
    void syncsOnTheIntervalAndNeverWhileAWriteIsInFlight() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        Path a = t.init();
        Files.writeString(a.resolve("ctx.yaml"), Files.readString(a.resolve("ctx.yaml")) + "\nsync:\n  interval: 30s\n");
        t.git(a, "commit", "-qam", "sync in the background every 30 s");
        assertEquals(0, t.ctx("--repo", a.toString(), "remote", "add", "origin", bare.toString()).exit());
        List<String> log = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-15T10:00:00Z");
        try (WarmWorkspace ws = new WarmWorkspace()) {
            Ctx ctx = ws.open(a, t.clock, t.env);
            ctx.remember(RepoPath.of("system/notes.md"), "first fact", Provenance.of("agent", null, null));
            try (WriteLock held = WriteLock.acquire(a.resolve(".git/ctx"), Duration.ofSeconds(5))) {
                ws.syncDue(t0, log::add);
                assertEquals(List.of(), log, "a write is in flight: no sync");
            }
            ws.syncDue(t0, log::add);
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("synced " + a) && log.get(0).contains("origin: pushed"), log.get(0));
            assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
            ctx.remember(RepoPath.of("system/notes.md"), "second fact", Provenance.of("agent", null, null));
            ws.syncDue(t0.plusSeconds(10), log::add);
            assertEquals(1, log.size(), "not due before the interval");
            assertNotEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
            ws.syncDue(t0.plusSeconds(30), log::add);
            assertEquals(2, log.size(), log.toString());
            assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
        }
    }
}
