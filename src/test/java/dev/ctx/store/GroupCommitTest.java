package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.WriteResult;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: writers of one process that queue while another holds the write lock are committed as one
 * chain (one compare-and-swap, one journal record), each write still its own commit with its own trailers,
 * each acknowledged only once the branch holds it; a write refused inside a batch is refused alone; a
 * process killed in the middle of batches loses no acknowledged write.
 */
class GroupCommitTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
    }

    @Test
    void writersQueuedBehindTheLockAreCommittedAsOneChainEachItsOwnCommit() throws Exception {
        t.okInRepo(repo, "write", "notes/dirty", "--description", "a file a person is editing", "--body", "- committed");
        Files.writeString(repo.resolve("notes/dirty.md"), "---\ndescription: a file a person is editing\n---\n- uncommitted edit\n");
        String before = t.git(repo, "rev-parse", "HEAD").strip();
        int writers = 7;
        Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        try (ContextStore store = ContextStore.open(repo, t.clock)) {
            List<Thread> threads = new ArrayList<>();
            try (WriteLock held = WriteLock.acquire(store.git().ctxDir(), Duration.ofSeconds(10))) {
                for (int i = 0; i < writers; i++) {
                    int n = i;
                    // Two write into one file (planned on each other's commit), one into the file with uncommitted edits.
                    RepoPath where = RepoPath.of(n < 2 ? "notes/shared.md" : n == 6 ? "notes/dirty.md" : "notes/w" + n + ".md");
                    Thread th = new Thread(() -> {
                        try {
                            outcomes.put(n, store.apply(new Ops.Remember(where, "fact " + n, "facts"), Provenance.of("agent-" + n, "session-" + n, null)));
                        } catch (CtxException e) {
                            outcomes.put(n, e);
                        }
                    });
                    th.start();
                    threads.add(th);
                }
                // All queued behind the lock this test holds: the first to come leads and takes them all once it gets it.
                for (int i = 0; i < 6000 && store.queuedWrites() < writers; i++) {
                    Thread.sleep(5);
                }
                assertEquals(writers, store.queuedWrites(), "every writer waits for the lock");
                assertEquals(before, t.git(repo, "rev-parse", "HEAD").strip(), "nothing is published while the lock is held");
            }
            for (Thread th : threads) {
                th.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
        assertTrue(outcomes.get(6) instanceof CtxException e && e.problem() == Problem.CONFLICT, "the write over uncommitted edits is refused: " + outcomes.get(6));
        Set<String> commits = new HashSet<>();
        for (int n = 0; n < 6; n++) {
            assertTrue(outcomes.get(n) instanceof WriteResult, "write " + n + " succeeded: " + outcomes.get(n));
            WriteResult r = (WriteResult) outcomes.get(n);
            assertNotNull(r.commit());
            commits.add(r.commit());
            String message = t.git(repo, "log", "-1", "--format=%B", r.commit());
            assertTrue(message.contains("Ctx-Op: remember"), message);
            assertTrue(message.contains("Ctx-Agent: agent-" + n), message);
            assertTrue(message.contains("Ctx-Session: session-" + n), message);
            assertEquals("agent-" + n, t.git(repo, "log", "-1", "--format=%an", r.commit()).strip());
            assertEquals(1, t.git(repo, "show", "--format=", "--name-only", r.commit()).strip().split("\n").length, "one write, one path: " + r.commit());
        }
        assertEquals(6, commits.size(), "each write is its own commit");
        assertEquals("6", t.git(repo, "rev-list", "--count", before + "..HEAD").strip(), "six commits, one chain, nothing else");
        String reflog = t.git(repo, "reflog", "show", "--format=%gs", "-n", "1", "refs/heads/main");
        assertTrue(reflog.startsWith("ctx: 6 writes"), "the branch moved once for the chain: " + reflog);
        String shared = t.git(repo, "show", "HEAD:notes/shared.md");
        assertTrue(shared.contains("- fact 0") && shared.contains("- fact 1"), shared);
        assertEquals(" M notes/dirty.md", t.git(repo, "status", "--porcelain").stripTrailing(), "only the person's edit is left uncommitted");
        assertEquals("- committed", t.git(repo, "show", "HEAD:notes/dirty.md").lines().reduce((a, b) -> b).orElse(""));
        t.assertFsckClean(repo);
    }

    @Test
    void aProcessKilledInTheMiddleOfBatchesLosesNoAcknowledgedWrite() throws Exception {
        Random rnd = new Random(7);
        List<String[]> acks = Collections.synchronizedList(new ArrayList<>());
        for (int generation = 0; generation < 2; generation++) {
            int before = acks.size();
            Process p = t.start(GroupWriterProcess.class, ProcessBuilder.Redirect.DISCARD, repo.toString(), "g" + generation, "6", "400");
            Thread reader = new Thread(() -> {
                try {
                    for (String l : TestRepo.lines(p)) {
                        String[] f = l.split(" ");
                        if (f[0].equals("OK")) {
                            acks.add(f);
                        }
                    }
                } catch (Exception ignored) {
                    // the stream ends when the process is killed
                }
            });
            reader.start();
            // Kill once writes are flowing (a JVM start on a loaded machine takes seconds), then at a random moment.
            for (int i = 0; i < 3000 && acks.size() < before + 12; i++) {
                Thread.sleep(20);
            }
            Thread.sleep(rnd.nextInt(800));
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
        }
        assertTrue(acks.size() > 20, "writers made progress before being killed: " + acks.size());
        TestRepo.Run status = t.inRepo(repo, "status");
        assertEquals(0, status.exit(), status::toString);
        Map<String, String> authors = new java.util.HashMap<>();
        for (String l : t.git(repo, "log", "--format=%H %an", "HEAD").split("\n")) {
            authors.put(l.substring(0, 40), l.substring(41));
        }
        Map<String, String> files = new java.util.HashMap<>();
        for (String[] a : acks) {
            String who = a[2].replaceAll("-\\d+$", "");
            assertEquals(who, authors.get(a[1]), "acknowledged " + a[2] + " (" + a[1] + ") is in history, its own commit by its writer");
            String text = files.computeIfAbsent(who, w -> {
                try {
                    return t.git(repo, "show", "HEAD:notes/" + w + ".md");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(text.contains("- fact " + a[2] + "\n"), "fact " + a[2] + " is at the tip");
        }
        String grouped = t.git(repo, "reflog", "show", "--format=%gs", "refs/heads/main");
        assertTrue(grouped.lines().anyMatch(l -> l.matches("ctx: \\d+ writes.*")), "some writes were grouped: " + grouped);
        t.okInRepo(repo, "remember", "after the kills", "--in", "notes/after");
        assertEquals("", t.git(repo, "status", "--porcelain"), "working tree and index in step with the branch");
        t.assertFsckClean(repo);
    }
}
