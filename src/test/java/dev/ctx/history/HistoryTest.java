package dev.ctx.history;

import dev.ctx.model.BlameEntry;
import dev.ctx.model.ChangeStatus;
import dev.ctx.model.FileChange;
import dev.ctx.model.FileDiff;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    private static final String NOTES = "system/notes.md";

    @TempDir
    Path tmp;
    Fixture f;
    String a1;
    String b1;
    String b2;
    String c1;
    String moved;

    /** Interleaved sessions of three agents, a rename, and a merge of a side branch. */
    @BeforeEach
    void setUp() throws Exception {
        f = Fixture.create(tmp);
        a1 = f.remember("alice", "s1", NOTES, "Build with mvn -B verify");
        b1 = f.remember("bob", "s2", NOTES, "Deploy on Fridays");
        c1 = f.write("carol", "s3", "project/old.md", "Old project notes", "- uses Java 17\n");
        b2 = f.apply(new Ops.Replace(RepoPath.of(NOTES), "Deploy on Fridays", "Never deploy on Fridays", null), "bob", "s2");
        moved = f.apply(new Ops.Move(RepoPath.of("project/old.md"), RepoPath.of("project/new.md")), "alice", "s4");
        f.remember("alice", "s4", "project/new.md", "uses JGit 7");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private List<String> ids(LogQuery q) throws CtxException {
        return f.history.log(q).stream().map(MemoryCommit::id).toList();
    }

    @Test
    void logFiltersByAgentSessionOpTimeAndText() throws Exception {
        LogQuery all = LogQuery.all();
        assertEquals(List.of(b2, b1), ids(new LogQuery(null, "bob", null, null, null, null, null, 0)));
        assertEquals(List.of(b2, b1), ids(new LogQuery(null, null, "s2", null, null, null, null, 0)));
        assertEquals(List.of(b2), ids(new LogQuery(null, null, null, "replace", null, null, null, 0)));
        Instant t = f.store.git().commitInfo(c1).authorTime();
        assertEquals(List.of(c1, b1, a1), ids(new LogQuery(null, null, null, null, null, t, null, 0)).subList(0, 3));
        assertEquals(b2, ids(new LogQuery(null, null, null, null, t.plusSeconds(1), null, null, 0)).get(2));
        assertEquals(List.of(b2), ids(new LogQuery(null, null, null, null, null, null, Pattern.compile("never deploy", Pattern.CASE_INSENSITIVE), 0)));
        assertEquals(1, f.history.log(new LogQuery(null, null, null, null, null, null, null, 1)).size());
        MemoryCommit first = f.history.log(all).get(f.history.log(all).size() - 1);
        assertEquals("init", first.op());
        MemoryCommit bob = f.history.commit(b1);
        assertEquals("bob", bob.agent());
        assertEquals("s2", bob.session());
        assertEquals(List.of(new FileChange(ChangeStatus.MODIFIED, NOTES, null)), bob.files());
    }

    @Test
    void logOfAPathFollowsRenamesAndFolders() throws Exception {
        List<String> log = ids(LogQuery.all().withPath("project/new"));
        assertEquals(3, log.size());
        assertEquals(moved, log.get(1));
        assertEquals(c1, log.get(2));
        assertEquals(ids(LogQuery.all().withPath("project")).size(), 3);
        assertEquals(List.of(b2, b1, a1), ids(LogQuery.all().withPath("system/notes")));
        CtxException e = org.junit.jupiter.api.Assertions.assertThrows(CtxException.class,
                () -> f.history.log(LogQuery.all().withPath("nowhere/never.md")));
        assertEquals(Problem.NOT_FOUND, e.problem());
    }

    @Test
    void showTellsKeyChangesFactsAndRenames() throws Exception {
        f.apply(new Ops.Describe(RepoPath.of("project/new.md"), "Project notes"), "alice", "s4");
        FileDiff d = f.history.show("HEAD").get(0);
        assertEquals(ChangeStatus.MODIFIED, d.status());
        assertEquals("Old project notes", d.descriptionBefore());
        assertEquals("Project notes", d.descriptionAfter());
        assertEquals(List.of(new FileDiff.KeyChange("description", "Old project notes", "Project notes")), d.keyChanges());
        assertEquals("", d.bodyDiff());

        FileDiff replace = f.history.show(b2).get(0);
        assertEquals(List.of("Never deploy on Fridays"), replace.factsAdded());
        assertEquals(List.of("Deploy on Fridays"), replace.factsRemoved());
        assertTrue(replace.bodyDiff().contains("-- Deploy on Fridays\n+- Never deploy on Fridays\n"), replace.bodyDiff());

        FileDiff mv = f.history.show(moved).get(0);
        assertEquals(ChangeStatus.RENAMED, mv.status());
        assertEquals("project/old.md", mv.oldPath());
    }

    @Test
    void diffOfTheWorkingTreeShowsUncommittedEdits() throws Exception {
        Path file = f.dir.resolve(NOTES);
        Files.writeString(file, Files.readString(file) + "- hand-written fact\n");
        List<FileDiff> d = f.history.diffWorkTree(null);
        assertEquals(1, d.size());
        assertEquals(List.of("hand-written fact"), d.get(0).factsAdded());
        assertTrue(f.history.diffWorkTree("project").isEmpty());
        List<FileDiff> range = f.history.diffCommits(a1, b2, null);
        FileDiff notes = range.stream().filter(d2 -> d2.path().equals(NOTES)).findFirst().orElseThrow();
        assertEquals(List.of("Never deploy on Fridays"), notes.factsAdded());
        assertEquals(ChangeStatus.ADDED, range.stream().filter(d2 -> d2.path().equals("project/old.md")).findFirst().orElseThrow().status());
    }

    @Test
    void blameNamesTheAgentAndSessionOfEachLineAcrossARename() throws Exception {
        List<BlameEntry> notes = f.history.blame(RepoPath.of(NOTES), null);
        BlameEntry build = notes.stream().filter(e -> e.text().contains("Build with")).findFirst().orElseThrow();
        assertEquals("alice", build.agent());
        assertEquals("s1", build.session());
        assertEquals(a1, build.commit());
        BlameEntry never = notes.stream().filter(e -> e.text().contains("Never deploy")).findFirst().orElseThrow();
        assertEquals(b2, never.commit());
        assertEquals("replace", never.op());

        List<BlameEntry> proj = f.history.blame(RepoPath.of("project/new.md"), null);
        BlameEntry java = proj.stream().filter(e -> e.text().contains("Java 17")).findFirst().orElseThrow();
        assertEquals("carol", java.agent());
        assertEquals("project/old.md", java.sourcePath());

        CtxException gone = org.junit.jupiter.api.Assertions.assertThrows(CtxException.class, () -> f.history.blame(RepoPath.of("project/old.md"), null));
        assertEquals(Problem.NOT_FOUND, gone.problem());
        assertTrue(gone.getMessage().contains("moved to project/new.md"), gone.getMessage());
        assertEquals(1, f.history.blame(RepoPath.of("project/old.md"), c1).stream().filter(e -> e.text().contains("Java")).count());
    }

    @Test
    void mergesAppearInTheLogButNotUnderAPath() throws Exception {
        f.branch("side", b1);
        String side = f.remember("dave", "s5", "project/side.md", "side fact");
        f.checkout("main");
        String merge = f.merge("side");
        MemoryCommit m = f.history.commit(merge);
        assertEquals("merge", m.op());
        assertEquals("maintainer", m.agent());
        assertTrue(ids(LogQuery.all()).contains(merge));
        assertEquals(List.of(side), ids(LogQuery.all().withPath("project/side.md")));
        assertNull(f.history.commit(side).reason());
    }

    @Test
    void rangesResolveAndRefuseReversal() throws Exception {
        History.Range r = f.history.range(a1.substring(0, 7) + "..");
        assertEquals(f.tip(), r.head());
        CtxException e = org.junit.jupiter.api.Assertions.assertThrows(CtxException.class, () -> f.history.range(b1 + ".." + a1));
        assertEquals(Problem.NOT_FOUND, e.problem());
        CtxException u = org.junit.jupiter.api.Assertions.assertThrows(CtxException.class, () -> f.history.range("nope..HEAD"));
        assertEquals(Problem.NOT_FOUND, u.problem());
    }
}
