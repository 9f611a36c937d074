package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.WriterProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real OS processes racing on one repository. Every success a process reports must be in history, the
 * shared block must hold every remembered fact, and git fsck must be clean: nothing lost, nothing corrupt.
 */
@Tag("processes")
class ConcurrentWritersTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
    }

    /** One line a writer printed: OK commit token kind, or FAIL ... */
    private record Report(String commit, String token, int kind) {
    }

    private Process writer(String agent, int count) throws Exception {
        return t.start(WriterProcess.class, ProcessBuilder.Redirect.to(tmp.resolve(agent + ".err").toFile()), repo.toString(), agent, String.valueOf(count));
    }

    private static List<String> lines(Process p) throws Exception {
        return TestRepo.lines(p);
    }

    private void assertAllInHistory(List<Report> ok) throws Exception {
        Set<String> history = new HashSet<>(List.of(t.git(repo, "rev-list", "HEAD").split("\n")));
        String shared = Files.readString(repo.resolve("shared/facts.md"));
        for (Report r : ok) {
            assertTrue(history.contains(r.commit()), "reported commit " + r.commit() + " for " + r.token() + " is in history");
            if (r.kind() == 0) {
                assertTrue(shared.contains("- fact " + r.token() + "\n"), "fact " + r.token() + " survives in shared/facts.md");
            }
        }
        t.assertFsckClean(repo);
    }

    @Test
    void eightProcessesWritingAtOnceLoseNothing() throws Exception {
        int writers = 8;
        int each = 36;
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            ps.add(writer("agent" + i, each));
        }
        // Real one-shot ctx processes join the race too.
        List<Process> oneShots = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            oneShots.add(t.process(t.dir, "--repo", repo.toString(), "--json", "remember", "fact oneshot-" + i, "--in", "shared/facts"));
        }
        List<Report> ok = new ArrayList<>();
        int failed = 0;
        for (Process p : ps) {
            for (String l : lines(p)) {
                String[] f = l.split(" ", 4);
                if (f[0].equals("OK")) {
                    ok.add(new Report(f[1], f[2], Integer.parseInt(f[3])));
                } else {
                    failed++;
                    System.err.println(l);
                }
            }
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        }
        for (int i = 0; i < oneShots.size(); i++) {
            Process p = oneShots.get(i);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            ok.add(new Report(out.replaceAll("(?s).*\"commit\":\"([0-9a-f]{40})\".*", "$1").strip(), "oneshot-" + i, 0));
        }
        assertEquals(0, failed, "no write failed");
        assertEquals(writers * each + 8, ok.size());
        assertAllInHistory(ok);
        assertEquals(1 + writers + ok.size(), Integer.parseInt(t.git(repo, "rev-list", "--count", "HEAD").strip()),
                "one commit per write (plus init and one log creation per writer)");
        assertEquals("", t.git(repo, "status", "--porcelain"), "working tree and index in step with the branch");
    }

    @Test
    void processesKilledAtRandomMomentsLoseNoReportedWrite() throws Exception {
        Random rnd = new Random(42);
        List<Report> ok = Collections.synchronizedList(new ArrayList<>());
        int kills = 0;
        int generation = 0;
        while (generation < 3) {
            int before = ok.size();
            List<Process> ps = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Process p = writer("g" + generation + "w" + i, 1000);
                ps.add(p);
                Thread th = new Thread(() -> {
                    try {
                        for (String l : lines(p)) {
                            String[] f = l.split(" ", 4);
                            if (f[0].equals("OK")) {
                                ok.add(new Report(f[1], f[2], Integer.parseInt(f[3])));
                            }
                        }
                    } catch (Exception ignored) {
                        // the stream ends when the process is killed
                    }
                });
                th.start();
                readers.add(th);
            }
            // Kill only once writes are flowing (JVM start on a loaded 2-core machine takes seconds), then at random moments.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ok.size() < before + 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(rnd.nextInt(1500));
            for (Process p : ps) {
                Thread.sleep(rnd.nextInt(150));
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                kills++;
            }
            for (Process p : ps) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
            for (Thread th : readers) {
                th.join(30_000);
            }
            generation++;
        }
        assertTrue(kills >= 9, "killed " + kills + " writers");
        assertTrue(ok.size() > 10, "writers made progress before being killed: " + ok.size());
        // The next ctx command finishes whatever a killed writer left half done.
        TestRepo.Run status = t.ctx("--repo", repo.toString(), "status");
        assertEquals(0, status.exit(), status::toString);
        assertAllInHistory(ok);
        TestRepo.Run more = t.ctx("--repo", repo.toString(), "remember", "after the storm", "--in", "shared/after");
        assertEquals(0, more.exit(), more::toString);
        assertEquals("", t.git(repo, "status", "--porcelain"), "working tree and index in step with the branch");
    }
}
