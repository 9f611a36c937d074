package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.git.CasResult;
import dev.ctx.git.Identity;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write path against a person editing the same file, long names, and a journal that cannot be replayed. */
class WritePathHardeningTest {
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
        store.apply(new Ops.Write(RepoPath.of("notes/a.md"), "a note", "one\n"), who);
    }

    /** Publishes a commit changing notes/a.md as a write would, then lets {@code between} run before the working tree follows. */
    private String publish(String body) throws Exception {
        String tip = store.git().tip();
        String text = "---\ndescription: a note\n---\n" + body;
        Identity id = new Identity("a", "a@x", TestRepo.EPOCH);
        String commit = store.git().commit(tip, Map.of("notes/a.md", text.getBytes()), id, id, "append(notes/a): two\n\nCtx-Op: append\n");
        assertEquals(CasResult.UPDATED, store.git().compareAndSwap(tip, commit, "test"));
        return tip + " " + commit;
    }

    @Test
    void aFileSavedByHandDuringAWriteKeepsTheCopyButTheIndexFollowsTheCommit() throws Exception {
        String[] ids = publish("one\ntwo\n").split(" ");
        Files.writeString(repo.resolve("notes/a.md"), "---\ndescription: a note\n---\none\nmine\n"); // saved by hand meanwhile

        List<String> leftAlone;
        try (var idx = store.git().indexSync().lock()) {
            leftAlone = idx.advance(ids[0], ids[1], List.of("notes/a.md"));
        }

        assertEquals(List.of("notes/a.md"), leftAlone);
        assertTrue(Files.readString(repo.resolve("notes/a.md")).contains("mine"), "the person's copy stays");
        assertEquals(" M notes/a.md\n", t.git(repo, "status", "--porcelain"), "an unstaged edit on top of the new commit, never MM");
        assertEquals("", t.git(repo, "diff", "--cached", "--name-only"), "the index holds the new commit");
        // The person's next commit of another file must not take ctx's line back out.
        Files.writeString(repo.resolve("other.txt"), "x\n");
        t.git(repo, "add", "other.txt");
        t.git(repo, "commit", "-q", "-m", "other");
        assertTrue(t.git(repo, "show", "HEAD:notes/a.md").contains("two"), "ctx's write survives the person's commit");
    }

    @Test
    void aLongNameGetsAShortTempFileSoTheWorkingTreeFollows() throws Exception {
        String name = "notes/" + "n".repeat(120) + ".md"; // 123 bytes: the old temp name (.NAME.md.<19 digits>.ctx-tmp) was 150+
        store.apply(new Ops.Write(RepoPath.of(name), "long", "x\n"), who);
        String deep = "n".repeat(80) + "/" + "m".repeat(124) + ".md";
        assertThrows(CtxException.class, () -> store.apply(new Ops.Write(RepoPath.of(deep), "too long", "x\n"), who));
        assertEquals("", t.git(repo, "status", "--porcelain"));
    }

    @Test
    void aJournalThatCannotBeReplayedIsClearedWithOneMessageNotForever() throws Exception {
        // A commit (say a person's, made elsewhere) holding a name longer than the file system allows: its
        // working-tree copy can never be written, so a replay of it can never succeed.
        String tip = store.git().tip();
        String name = "notes/" + "n".repeat(300) + ".md";
        Identity id = new Identity("a", "a@x", TestRepo.EPOCH);
        String commit = store.git().commit(tip, Map.of(name, "---\ndescription: d\n---\nx\n".getBytes()), id, id, "write: long\n");
        assertEquals(CasResult.UPDATED, store.git().compareAndSwap(tip, commit, "test"));
        Path ctxDir = store.git().ctxDir();
        Files.writeString(ctxDir.resolve("journal"), "started 0\nfrom " + tip + "\nto " + commit + "\npath " + name + "\n");

        CtxException e = assertThrows(CtxException.class, () -> store.apply(new Ops.Remember(RepoPath.of("b.md"), "fact", "b"), who));
        assertEquals(Problem.IO, e.problem());
        assertTrue(e.getMessage().contains("is on the branch") && e.getMessage().contains("git checkout HEAD -- " + name), e.getMessage());
        assertFalse(Files.exists(ctxDir.resolve("journal")), "the record is cleared");

        store.apply(new Ops.Remember(RepoPath.of("b.md"), "fact", "b"), who); // the next command works
        assertTrue(t.git(repo, "show", "HEAD:b.md").contains("fact"));
    }
}
