package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.WriterProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worktrees of one repository and a writer SIGKILLed in one of them, in the middle of publishing its
 * commit. Each worktree owns its journal: a command in the other worktree neither replays nor drops the
 * dead writer's journal and never touches its working tree, index or locks; the next command in the dead
 * writer's own worktree finishes the job.
 */
@Tag("processes")
class WorktreeRecoveryTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path main;
    Path side;
    Path gitDir;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        main = t.init().toRealPath();
        side = tmp.resolve("side-wt");
        t.git(main, "worktree", "add", "-q", "-b", "side", side.toString());
        side = side.toRealPath();
        gitDir = main.resolve(".git");
        assertEquals(0, t.ctxIn(side, "", "write", "notes/side", "--description", "side notes", "--body", "from the side worktree").exit());
    }

    @Test
    void aWriterKilledInOneWorktreeIsRecoveredOnlyByItsOwnWorktree() throws Exception {
        Path journal = gitDir.resolve("worktrees/side-wt/ctx/journal");
        Path branchLock = gitDir.resolve("refs/heads/side.lock");
        Path sideIndexLock = gitDir.resolve("worktrees/side-wt/index.lock");
        String sideTip = t.git(side, "rev-parse", "HEAD").strip();

        killWriterWhilePublishing(journal, branchLock);

        // What the dead writer left: its journal, the branch lock in the common dir, its worktree's index lock.
        assertTrue(Files.exists(journal), "the killed writer left its journal in its own worktree's git dir");
        assertFalse(Files.exists(gitDir.resolve("ctx/journal")), "nothing in the common ctx dir");
        assertTrue(Files.exists(branchLock) && Files.exists(sideIndexLock), "the killed writer held the branch and index locks");
        byte[] journalBefore = Files.readAllBytes(journal);
        byte[] sideIndexBefore = Files.readAllBytes(gitDir.resolve("worktrees/side-wt/index"));
        Map<String, String> sideFilesBefore = files(side);

        // Commands in the main worktree: they write and recover, but only what is theirs.
        TestRepo.Run write = t.ctxIn(main, "", "remember", "learned in main", "--in", "notes/main");
        assertEquals(0, write.exit(), write::toString);
        TestRepo.Run status = t.ctxIn(main, "", "status");
        assertEquals(0, status.exit(), status::toString);
        assertArrayEquals(journalBefore, Files.readAllBytes(journal), "the other worktree's journal is neither replayed nor dropped");
        assertTrue(Files.exists(branchLock) && Files.exists(sideIndexLock), "the dead writer's locks are left to its worktree");
        assertArrayEquals(sideIndexBefore, Files.readAllBytes(gitDir.resolve("worktrees/side-wt/index")), "its index is untouched");
        assertEquals(sideFilesBefore, files(side), "its working tree is untouched");
        assertEquals(sideTip, t.git(side, "rev-parse", "side").strip(), "its branch did not move");
        assertEquals("", t.git(main, "status", "--porcelain"));

        // The next command in the dead writer's worktree finishes it: locks and journal gone, then it writes.
        TestRepo.Run next = t.ctxIn(side, "", "remember", "learned after the crash", "--in", "notes/side");
        assertEquals(0, next.exit(), next::toString);
        assertFalse(Files.exists(journal), "recovered: journal gone");
        assertFalse(Files.exists(branchLock), "recovered: the stale branch lock (in the common dir) is gone");
        assertFalse(Files.exists(sideIndexLock), "recovered: the stale index lock is gone");
        assertTrue(t.git(side, "show", "side:notes/side.md").contains("- learned after the crash"));
        assertEquals(sideTip, t.git(side, "rev-parse", "side~1").strip(), "exactly one commit on top; the killed write never published");
        assertTrue(t.git(main, "show", "main:notes/main.md").contains("- learned in main"));

        assertEquals("", t.git(side, "status", "--porcelain"), "the side worktree is in step with its branch");
        assertEquals("", t.git(main, "status", "--porcelain"), "the main worktree is in step with its branch");
        String list = t.git(main, "worktree", "list", "--porcelain");
        assertTrue(list.contains("worktree " + main + "\n") && list.contains("branch refs/heads/main\n"), list);
        assertTrue(list.contains("worktree " + side + "\n") && list.contains("branch refs/heads/side\n"), list);
        assertFalse(list.contains("prunable") || list.contains("locked"), list);
        t.assertFsckClean(main);
    }

    @Test
    void aPublishedWriteIsReplayedIntoItsOwnWorktreeOnly() throws Exception {
        // As a writer killed in the side worktree right after its branch moved leaves it: the commit on
        // `side`, the side working tree and index behind it, the journal saying so.
        Path journal;
        String text = "---\ndescription: d\n---\npublished, not yet checked out\n";
        try (ContextStore store = ContextStore.open(side, t.clock)) {
            DeadWriter s = new DeadWriter(store);
            journal = s.journalPublished("notes/crash.md", text);
        }
        assertTrue(journal.startsWith(gitDir.resolve("worktrees/side-wt")), journal.toString());
        byte[] journalBefore = Files.readAllBytes(journal);

        TestRepo.Run other = t.ctxIn(main, "", "status");
        assertEquals(0, other.exit(), other::toString);
        assertArrayEquals(journalBefore, Files.readAllBytes(journal), "the main worktree neither replays nor drops it");
        assertFalse(Files.exists(side.resolve("notes/crash.md")), "nor writes into the side worktree");
        assertFalse(Files.exists(main.resolve("notes/crash.md")), "nor into its own");

        TestRepo.Run own = t.ctxIn(side, "", "status");
        assertEquals(0, own.exit(), own::toString);
        assertFalse(Files.exists(journal));
        assertEquals(text, Files.readString(side.resolve("notes/crash.md")), "replayed into the worktree that wrote it");
        assertEquals("", t.git(side, "status", "--porcelain"));
        assertEquals("", t.git(main, "status", "--porcelain"));
        t.assertFsckClean(main);
    }

    /** Builds, journals and publishes a commit on the store's branch, as a writer does before it dies. */
    private record DeadWriter(ContextStore store) {
        Path journalPublished(String path, String text) throws Exception {
            String tip = store.git().tip();
            dev.ctx.git.Identity a = new dev.ctx.git.Identity("a", "a@x", TestRepo.EPOCH);
            String commit = store.git().commit(tip, Map.of(path, text.getBytes(StandardCharsets.UTF_8)), a, a, "write(" + path + "): d\n\nCtx-Op: write\n");
            Path journal = store.git().worktreeCtxDir().resolve("journal");
            Files.createDirectories(journal.getParent());
            Files.writeString(journal, "started 0\nref " + store.git().branchRef() + "\nfrom " + tip + "\nto " + commit + "\npath " + path + "\n");
            assertEquals(dev.ctx.git.CasResult.UPDATED, store.git().compareAndSwap(tip, commit, "test"));
            return journal;
        }
    }

    /**
     * Starts a real writer in the side worktree and SIGKILLs it once it holds the branch lock with its commit
     * journalled. To stop it exactly there, the branch's reflog is a named pipe for the duration: git's ref
     * update writes the reflog while holding the ref lock, so the writer blocks opening it.
     */
    private void killWriterWhilePublishing(Path journal, Path branchLock) throws Exception {
        Path reflog = gitDir.resolve("logs/refs/heads/side");
        byte[] reflogBefore = Files.readAllBytes(reflog);
        Files.delete(reflog);
        Process mkfifo = new ProcessBuilder("mkfifo", reflog.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Process writer = t.start(WriterProcess.class, ProcessBuilder.Redirect.to(tmp.resolve("writer.err").toFile()), side.toString(), "killed", "1");
        try {
            // A bound on waiting, not a timing assertion: the writer needs a JVM start on a loaded machine.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            // Either journal: wherever the writer keeps it, the test must get to say where it should be.
            while (!(Files.exists(branchLock) && (journalled(journal) || journalled(gitDir.resolve("ctx/journal"))))) {
                assertTrue(writer.isAlive(), () -> "the writer ended before publishing: " + read(tmp.resolve("writer.err")));
                assertTrue(System.nanoTime() < deadline, "the writer never reached the branch update");
                Thread.sleep(20);
            }
            assertEquals(0, writer.getInputStream().available(), "the write being killed was never acknowledged");
        } finally {
            writer.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks in the writer
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
            Files.delete(reflog);
            Files.write(reflog, reflogBefore);
        }
    }

    private static boolean journalled(Path journal) throws IOException {
        return Files.exists(journal) && Files.readString(journal).contains("\nto ");
    }

    /** Every file of a worktree (its .git link file included) and its content. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
