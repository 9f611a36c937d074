package dev.ctx.store;

import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.WriteResult;
import dev.ctx.support.IsolatedGit;
import dev.ctx.support.TestRepo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OS process whose THREADS writers each remember COUNT facts into notes/NAME-T.md through one store, so
 * their writes queue for group commit. Prints {@code OK <commit> NAME-T-I} after each acknowledged write,
 * flushed, so a test that kills this process can check every acknowledged write survived.
 *   GroupWriterProcess REPO NAME THREADS COUNT
 */
public final class GroupWriterProcess {
    private GroupWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        String name = args[1];
        int threads = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        IsolatedGit.install(Path.of(System.getenv("HOME")));
        PrintStream out = System.out;
        try (ContextStore store = ContextStore.open(repo, Clock.fixed(TestRepo.EPOCH, ZoneOffset.UTC))) {
            List<Thread> ts = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                String who = name + "-" + w;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < count; i++) {
                        String token = who + "-" + i;
                        try {
                            WriteResult r = store.apply(new Ops.Remember(RepoPath.of("notes/" + who + ".md"), "fact " + token, "facts of " + who),
                                    Provenance.of(who, null, null));
                            synchronized (out) {
                                out.println("OK " + r.commit() + " " + token);
                                out.flush();
                            }
                        } catch (Exception e) {
                            synchronized (out) {
                                out.println("FAIL " + token + " " + e.getMessage());
                                out.flush();
                            }
                        }
                    }
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
        }
    }
}
