package dev.ctx.app;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import dev.ctx.support.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tip's file list is read once per tip: the same tip answers from what was kept, a new tip is read. */
class TipFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theSameTipIsListedOnceANewOneAgain() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path root = t.dir.resolve("r");
        Provenance who = Provenance.of("tester", null, null);
        Ctx.init(root, who, t.clock).close();
        try (ContextStore store = ContextStore.open(root, t.clock)) {
            TipFiles files = new TipFiles();
            Map<RepoPath, String> first = files.of(store, store.git().tip());
            assertSame(first, files.of(store, store.git().tip()), "an unchanged tip is not listed again");
            try (Ctx ctx = Ctx.open(root, t.clock)) {
                ctx.write(RepoPath.of("notes/a.md"), "A", "one\n", who);
            }
            Map<RepoPath, String> second = files.of(store, store.git().tip());
            assertNotSame(first, second);
            assertTrue(second.containsKey(RepoPath.of("notes/a.md")), "the new tip's file is listed");
        }
    }
}
