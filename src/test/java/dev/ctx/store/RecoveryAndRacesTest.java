package dev.ctx.store;

import dev.ctx.model.WriteResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryAndRacesTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;
    ContextStore store;
    final Provenance who = Provenance.of("agent-a", "s1", null);

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        store = ContextStore.open(repo, t.clock);
    }

    @Test
    void aWriteKilledAfterTheBranchMovedIsFinishedByTheNextCommand() throws Exception {
        // Simulate a process killed right after publishing: commit on the branch, working tree and index behind,
        // the journal left behind, and git's lock files that process created.
        String tip = store.git().tip();
        String text = "---\ndescription: d\n---\nlearned\n";
        String commit = store.git().commit(tip, Map.of("crash.md", text.getBytes()), new dev.ctx.git.Identity("a", "a@x", TestRepo.EPOCH),
                new dev.ctx.git.Identity("a", "a@x", TestRepo.EPOCH), "write(crash): d\n\nCtx-Op: write\n");
        Path ctxDir = store.git().ctxDir();
        Files.createDirectories(ctxDir);
        Files.writeString(ctxDir.resolve("journal"), "started 0\nfrom " + tip + "\nto " + commit + "\npath crash.md\n");
        assertEquals(dev.ctx.git.CasResult.UPDATED, store.git().compareAndSwap(tip, commit, "test"));
        Files.writeString(repo.resolve(".git/index.lock"), "");
        Files.writeString(repo.resolve(".crash.md.12345.ctx-tmp"), "half written");
        Files.writeString(repo.resolve(".ctx-12345.tmp"), "half written");
        assertFalse(Files.exists(repo.resolve("crash.md")));

        assertTrue(store.recover());
        assertEquals(text, Files.readString(repo.resolve("crash.md")));
        assertFalse(Files.exists(repo.resolve(".git/index.lock")), "the dead writer's index lock is removed");
        assertFalse(Files.exists(repo.resolve(".crash.md.12345.ctx-tmp")), "the dead writer's temp file is removed");
        assertFalse(Files.exists(repo.resolve(".ctx-12345.tmp")), "a short-named temp file is removed too");
        assertEquals("", t.git(repo, "status", "--porcelain"));
        assertFalse(store.recover(), "nothing left to finish");
    }

    /** A commit a killed writer built and journalled (as {@code ContextStore} does just before publishing it). */
    private String journalledCommit(String tip, String path, String text) throws Exception {
        dev.ctx.git.Identity a = new dev.ctx.git.Identity("a", "a@x", TestRepo.EPOCH);
        String commit = store.git().commit(tip, Map.of(path, text.getBytes()), a, a, "write(" + path + "): d\n\nCtx-Op: write\n");
        Path journal = store.git().worktreeCtxDir().resolve("journal");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "started 0\nref refs/heads/main\nfrom " + tip + "\nto " + commit + "\npath " + path + "\n");
        return commit;
    }

    @Test
    void theNextWriteFinishesAWriteKilledAfterItsBranchMoved() throws Exception {
        // Killed after the branch moved, before the working tree and index caught up, still holding index.lock.
        String tip = store.git().tip();
        String text = "---\ndescription: d\n---\nlearned before the crash\n";
        String commit = journalledCommit(tip, "crash.md", text);
        assertEquals(dev.ctx.git.CasResult.UPDATED, store.git().compareAndSwap(tip, commit, "test"));
        Files.writeString(repo.resolve(".git/index.lock"), "");

        WriteResult r = store.apply(new Ops.Remember(RepoPath.of("system/notes.md"), "after the crash", "d"), who);
        assertEquals(1, r.attempts(), "the dead writer's index lock was removed before this write needed it");
        assertEquals(commit, t.git(repo, "rev-parse", "HEAD~1").strip());
        assertEquals(text, Files.readString(repo.resolve("crash.md")), "the interrupted write reached the working tree");
        assertEquals("", t.git(repo, "status", "--porcelain"), "working tree and index in step with the branch");
        assertFalse(Files.exists(store.git().worktreeCtxDir().resolve("journal")));
        assertFalse(store.recover(), "the write itself finished the job, not a later ctx status");
    }

    @Test
    void theNextWriteFinishesAWriteKilledWhileItHeldTheBranchLock() throws Exception {
        // Killed between taking git's branch lock and moving the branch: its lock files would block every write.
        String tip = store.git().tip();
        journalledCommit(tip, "lost.md", "---\ndescription: d\n---\nnever published\n");
        Files.writeString(repo.resolve(".git/refs/heads/main.lock"), "");
        Files.writeString(repo.resolve(".git/index.lock"), "");

        WriteResult r = store.apply(new Ops.Remember(RepoPath.of("system/notes.md"), "after the crash", "d"), who);
        assertEquals(1, r.attempts(), "the stale branch lock did not make the write lose compare-and-swap races");
        assertEquals(tip, t.git(repo, "rev-parse", "HEAD~1").strip(), "the unpublished commit stays unpublished");
        assertFalse(Files.exists(repo.resolve(".git/refs/heads/main.lock")));
        assertFalse(Files.exists(repo.resolve(".git/index.lock")));
        assertFalse(Files.exists(repo.resolve("lost.md")));
        assertEquals("", t.git(repo, "status", "--porcelain"));
        t.assertFsckClean(repo);
    }

    @Test
    void aWriteKilledBeforePublishingLeavesNothing() throws Exception {
        String tip = store.git().tip();
        Path ctxDir = store.git().ctxDir();
        Files.createDirectories(ctxDir);
        Files.writeString(ctxDir.resolve("journal"), "started 0\nfrom " + tip + "\nto " + "1".repeat(40) + "\npath x.md\n");
        WriteResult r = store.apply(new Ops.Remember(RepoPath.of("system/notes.md"), "after crash", "d"), who);
        assertTrue(r.changed());
        assertEquals(tip, t.git(repo, "rev-parse", "HEAD~1").strip());
        assertEquals("", t.git(repo, "status", "--porcelain"));
    }

    @Test
    void aWriteWhoseBranchMovedIsReplannedOnTheNewTip() throws Exception {
        // An operation that, on its first planning, lets someone else (the git CLI) commit in between.
        store.apply(new Ops.Write(RepoPath.of("shared.md"), "d", "one\n"), who);
        int[] plans = {0};
        Operation racing = new Operation() {
            @Override
            public String op() {
                return "append";
            }

            @Override
            public java.util.List<RepoPath> subjectPaths() {
                return java.util.List.of(RepoPath.of("shared.md"));
            }

            @Override
            public Change plan(Snapshot head) throws CtxException {
                if (plans[0]++ == 0) {
                    try {
                        String tip = store.git().tip();
                        String other = store.git().commit(tip, Map.of("other.md", "---\ndescription: o\n---\nother\n".getBytes()),
                                new dev.ctx.git.Identity("b", "b@x", TestRepo.EPOCH), new dev.ctx.git.Identity("b", "b@x", TestRepo.EPOCH), "other\n");
                        store.git().compareAndSwap(tip, other, "concurrent writer");
                    } catch (CtxException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return new Ops.Append(RepoPath.of("shared.md"), "two").plan(head);
            }
        };
        WriteResult r = store.apply(racing, who);
        assertEquals(2, r.attempts(), "the lost race was retried");
        assertEquals("other\n", t.git(repo, "show", "HEAD:other.md").replaceAll("(?s).*---\n", ""));
        assertTrue(t.git(repo, "show", "HEAD:shared.md").endsWith("one\n\ntwo\n"));
        assertEquals(t.git(repo, "rev-parse", "HEAD~1").strip(), t.git(repo, "log", "-1", "--format=%H", "--grep=other").strip());
    }

    @Test
    void replaceOfTextAnotherWriterChangedIsAConflictNamingBothSides() throws Exception {
        store.apply(new Ops.Write(RepoPath.of("c.md"), "d", "colour: blue\n"), who);
        String base = store.git().tip();
        store.apply(new Ops.Replace(RepoPath.of("c.md"), "blue", "green", base), Provenance.of("agent-b", null, null));
        String tip = store.git().tip();
        CtxException e = org.junit.jupiter.api.Assertions.assertThrows(CtxException.class,
                () -> store.apply(new Ops.Replace(RepoPath.of("c.md"), "blue", "red", base), who));
        assertEquals(Problem.CONFLICT, e.problem());
        assertTrue(e.getMessage().contains("'blue'") && e.getMessage().contains("'red'") && e.getMessage().contains(tip.substring(0, 10)), e.getMessage());
        assertEquals(tip, store.git().tip());
    }

    @Test
    void gitCliCommitsDuringCtxWritesNeverUndoThem() throws Exception {
        // A person commits with git while agents write: git waits for ctx's index lock, so its commit never
        // carries a stale index entry that would silently revert a ctx write.
        Thread agent = new Thread(() -> {
            try (ContextStore s = ContextStore.open(repo, t.clock)) {
                for (int i = 0; i < 40; i++) {
                    s.apply(new Ops.Remember(RepoPath.of("agent.md"), "agent fact " + i, "d"), who);
                }
            } catch (CtxException e) {
                throw new IllegalStateException(e);
            }
        });
        agent.start();
        int personCommits = 0;
        for (int i = 0; i < 15; i++) {
            Files.writeString(repo.resolve("person-" + i + ".md"), "---\ndescription: p\n---\nperson " + i + "\n");
            for (int attempt = 0; attempt < 200; attempt++) {
                try {
                    t.git(repo, "add", "person-" + i + ".md");
                    t.git(repo, "commit", "-qm", "person " + i);
                    personCommits++;
                    break;
                } catch (java.io.IOException lockedByCtx) {
                    // git refuses while ctx holds index.lock, exactly as with two git processes: retry
                    Thread.sleep(5);
                }
            }
        }
        agent.join();
        String agentFile = t.git(repo, "show", "HEAD:agent.md");
        for (int i = 0; i < 40; i++) {
            assertTrue(agentFile.contains("- agent fact " + i + "\n"), "fact " + i + " survived the person's commits");
        }
        assertEquals(15, personCommits);
        for (int i = 0; i < 15; i++) {
            assertTrue(t.git(repo, "ls-files", "person-" + i + ".md").contains("person-"), "the person's commit " + i + " survived");
        }
        t.assertFsckClean(repo);
        assertEquals(Optional.empty(), Optional.ofNullable(t.git(repo, "status", "--porcelain", "--untracked-files=no").strip()).filter(s -> !s.isEmpty()));
    }
}
