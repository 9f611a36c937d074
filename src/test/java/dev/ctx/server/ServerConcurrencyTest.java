package dev.ctx.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import dev.ctx.support.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers at once through one server, beside in-process writes and plain git commits: nothing is lost. */
class ServerConcurrencyTest {
    static final int CLIENTS = 16;
    static final int WRITES = 25;

    @TempDir
    Path tmp;

    @Test
    void sixteenClientsTimesTwentyFiveWritesBesideInProcessWritesAndGitLoseNothing() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            TestRepo.Run init = f.client(f.t.dir, "", "init", "mem");
            assertEquals(0, init.exit(), init.toString());
            Path repo = f.t.dir.resolve("mem");
            long requestsBefore = Long.parseLong(f.status().get("requests"));
            List<Process> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                List<String> cmd = new ArrayList<>(TestRepo.javaCommand("dev.ctx.ServerWriter"));
                cmd.addAll(List.of(repo.toString(), "c" + c, Integer.toString(WRITES)));
                clients.add(f.clientProcess(repo).command(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            Thread inProcess = new Thread(() -> {
                for (int i = 0; i < WRITES; i++) {
                    Env e = new Env(repo, f.env, InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
                    if (new Cli(e).run("remember", "local fact " + i, "--in", "notes/local") != 0) {
                        throw new AssertionError("in-process write " + i + " failed");
                    }
                }
            });
            inProcess.start();
            int personCommits = 0;
            for (int i = 0; i < 8; i++) {
                Files.writeString(repo.resolve("person-" + i + ".md"), "---\ndescription: p\n---\nperson " + i + "\n");
                for (int attempt = 0; attempt < 400; attempt++) {
                    try {
                        f.t.git(repo, "add", "person-" + i + ".md");
                        f.t.git(repo, "commit", "-qm", "person " + i);
                        personCommits++;
                        break;
                    } catch (java.io.IOException lockedByCtx) {
                        Thread.sleep(5); // git refuses while ctx holds index.lock, as with two git processes: retry
                    }
                }
            }
            List<String> acks = new ArrayList<>();
            for (Process p : clients) {
                for (String l : TestRepo.lines(p)) {
                    // besides its own lines, the writer prints what each remember prints (its commit)
                    assertTrue(!l.startsWith("fail"), "every write through the server succeeded: " + l);
                    if (l.startsWith("ack ")) {
                        acks.add(l);
                    }
                }
                assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            }
            inProcess.join();
            assertEquals(CLIENTS * WRITES, acks.size());
            for (int c = 0; c < CLIENTS; c++) {
                String file = f.t.git(repo, "show", "HEAD:notes/c" + c + ".md");
                for (int i = 0; i < WRITES; i++) {
                    assertTrue(file.contains("- c" + c + " fact " + i + "\n"), "c" + c + " fact " + i + " is in history");
                }
            }
            String local = f.t.git(repo, "show", "HEAD:notes/local.md");
            for (int i = 0; i < WRITES; i++) {
                assertTrue(local.contains("- local fact " + i + "\n"), "local fact " + i);
            }
            assertEquals(8, personCommits);
            for (int i = 0; i < 8; i++) {
                assertTrue(f.t.git(repo, "ls-files", "person-" + i + ".md").contains("person-"), "the person's commit " + i + " survived");
            }
            f.t.assertFsckClean(repo);
            // The warm server sees another process's commit at once: plain git, then a read through the server.
            Files.writeString(repo.resolve("person-late.md"), "---\ndescription: late\n---\nseen at once\n");
            f.t.git(repo, "add", "person-late.md");
            f.t.git(repo, "commit", "-qm", "person late");
            TestRepo.Run seen = f.client(repo, "", "show", "person-late");
            assertEquals(0, seen.exit(), seen.toString());
            assertTrue(seen.out().contains("seen at once"), seen.out());
            TestRepo.Run listed = f.client(repo, "", "search", "--mode", "bm25", "seen at once");
            assertTrue(listed.out().contains("person-late.md"), "the warm index caught up with git's commit: " + listed.out());
            long served = Long.parseLong(f.status().get("requests")) - requestsBefore;
            assertTrue(served >= CLIENTS * WRITES, "the clients' writes went through the server: " + served);
        }
    }
}
