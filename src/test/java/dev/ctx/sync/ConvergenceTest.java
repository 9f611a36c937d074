package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.app.Ctx;
import dev.ctx.app.Syncing;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SyncReport;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers on several clones of one memory, syncing as they go: every fact ends up everywhere, once. */
class ConvergenceTest {
    @TempDir
    Path tmp;

    private static Run in(TestRepo t, Path repo, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return t.ctx(all);
    }

    private List<Path> clones(TestRepo t, int n) throws Exception {
        Path bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        Path first = t.init();
        assertEquals(0, in(t, first, "remote", "add", "origin", bare.toString()).exit());
        assertEquals(0, in(t, first, "sync").exit());
        List<Path> out = new ArrayList<>(List.of(first));
        for (int i = 1; i < n; i++) {
            assertEquals(0, t.ctx("init", "c" + i, "--from", bare.toUri().toString()).exit());
            out.add(t.dir.resolve("c" + i));
        }
        return out;
    }

    /** Syncs every clone in turn until a whole round changes nothing: then all hold the remote's tip. */
    private static void settle(TestRepo t, List<Path> clones) throws Exception {
        for (int round = 0; round < 3; round++) {
            for (Path c : clones) {
                Run r = in(t, c, "sync");
                assertEquals(0, r.exit(), r.toString());
            }
        }
        String tip = t.git(clones.get(0), "rev-parse", "HEAD");
        for (Path c : clones) {
            assertEquals(tip, t.git(c, "rev-parse", "HEAD"), c + " converged");
            t.assertFsckClean(c);
        }
    }

    private static void assertEveryFact(List<Path> clones, List<String> facts, String... blocks) throws Exception {
        for (Path c : clones) {
            StringBuilder all = new StringBuilder();
            for (String b : blocks) {
                Path f = c.resolve(b);
                if (Files.exists(f)) {
                    all.append(Files.readString(f));
                }
            }
            String text = all.toString();
            for (String fact : facts) {
                int at = text.indexOf("- " + fact + "\n");
                assertTrue(at >= 0, c + " lacks " + fact);
                assertEquals(at, text.lastIndexOf("- " + fact + "\n"), c + " holds " + fact + " twice");
            }
            assertTrue(!text.contains("<<<<<<<"), "appends never conflict");
        }
    }

    @Test
    void twoClonesWritingConcurrentlyAndSyncingConverge() throws Exception {
        TestRepo t = new TestRepo(tmp);
        List<Path> clones = clones(t, 2);
        List<String> facts = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Path clone = clones.get(w);
                String who = "w" + w;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        String fact = who + " fact " + i;
                        Run r = in(t, clone, "remember", fact, "--agent", who);
                        assertEquals(0, r.exit(), r.toString());
                        facts.add(fact);
                    }
                    return null;
                }));
                // a sync of the same clone runs beside its writer: it waits for the write lock, never interleaves
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        Run r = in(t, clone, "sync");
                        assertEquals(0, r.exit(), r.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        settle(t, clones);
        assertEquals(40, facts.size());
        assertEveryFact(clones, facts, "system/notes.md");
    }

    /** Through the library's front door, one open Ctx per clone, so the test spends its time on writes and syncs. */
    @Test
    void threeClonesOfFiftyWritesEachWithSyncsInterleavedConverge() throws Exception {
        TestRepo t = new TestRepo(tmp);
        List<Path> clones = clones(t, 3);
        List<String> facts = new ArrayList<>();
        java.util.Random random = new java.util.Random(15);
        List<Ctx> open = new ArrayList<>();
        try {
            for (Path c : clones) {
                open.add(Ctx.open(c, t.clock, t.env));
            }
            for (int i = 0; i < 50; i++) {
                for (int c = 0; c < 3; c++) {
                    String fact = "clone " + c + " fact " + i;
                    // one block all clones append to, and one of each clone's own
                    String block = i % 2 == 0 ? "system/notes.md" : "topics/clone-" + c + ".md";
                    open.get(c).remember(RepoPath.of(block), fact, Provenance.of("agent-" + c, null, null));
                    facts.add(fact);
                    if (random.nextInt(4) == 0) {
                        SyncReport r = open.get(c).sync(Syncing.Request.of(Syncing.Mode.SYNC));
                        assertTrue(r.unresolved().isEmpty(), r.toString());
                    }
                }
            }
        } finally {
            open.forEach(Ctx::close);
        }
        settle(t, clones);
        assertEveryFact(clones, facts, "system/notes.md", "topics/clone-0.md", "topics/clone-1.md", "topics/clone-2.md");
        String log = t.git(clones.get(0), "log", "--format=%B");
        assertEquals(150, log.split("Ctx-Op: remember", -1).length - 1, "one commit per write, trailers kept");
    }
}
