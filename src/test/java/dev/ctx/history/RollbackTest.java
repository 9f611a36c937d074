package dev.ctx.history;

import dev.ctx.model.MemoryCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.git.CommitInfo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Ops;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class RollbackTest {
    private static final Provenance REVIEWER = Provenance.of("human", "review-1", "bad advice");
    private static final String NOTES = "system/notes.md";

    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = Fixture.create(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void undoesASessionBetweenTwoOthersAndKeepsLaterWork() throws Exception {
        f.remember("alice", "s1", NOTES, "Build with mvn -B verify");
        String b1 = f.remember("bob", "s2", NOTES, "Deploy by copying jars to prod by hand");
        String b2 = f.write("bob", "s2", "project/deploy.md", "How we deploy", "Copy the jars with scp.\n");
        f.remember("alice", "s3", NOTES, "Tests need Docker running");
        f.remember("carol", "s4", "project/deploy-notes.md", "Ask ops before a release");

        Rollback.Outcome r = f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, false);

        String notes = f.read(NOTES);
        assertTrue(notes.contains("- Build with mvn -B verify\n- Tests need Docker running\n"), notes);
        assertFalse(notes.contains("Deploy by copying"));
        assertNull(f.read("project/deploy.md"));
        assertTrue(f.read("project/deploy-notes.md").contains("Ask ops"));
        CommitInfo c = f.store.git().commitInfo(f.tip());
        assertEquals(r.write().commit(), c.id());
        assertEquals("revert", c.trailer("Ctx-Op"));
        assertEquals("human", c.trailer("Ctx-Agent"));
        assertEquals(List.of(b2, b1), c.trailers().get("Ctx-Reverts"));
        assertEquals(List.of(b2, b1), r.undone().stream().map(MemoryCommit::id).toList());

        String tip = f.tip();
        Rollback.Outcome again = f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, false);
        assertNull(again.write());
        assertEquals(c.id(), again.alreadyReverted().get(b1));
        assertEquals(tip, f.tip());
    }

    @Test
    void aLaterEditOfTheSameLineIsNamedAndStopsUnlessForced() throws Exception {
        f.remember("alice", "s1", NOTES, "Build with mvn -B verify");
        String bad = f.remember("bob", "s2", NOTES, "Indent with tabs");
        String fix = f.apply(new Ops.Replace(RepoPath.of(NOTES), "Indent with tabs", "Indent with tabs, width 4", null), "carol", "s4");
        String tip = f.tip();

        CtxException e = assertThrows(CtxException.class, () -> f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, false));
        assertEquals(Problem.CONFLICT, e.problem());
        assertTrue(e.getMessage().contains(fix.substring(0, 10)) && e.getMessage().contains("agent carol"), e.getMessage());
        assertTrue(e.getMessage().contains(bad.substring(0, 10)), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(tip, f.tip());

        Rollback.Outcome dry = f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, true);
        assertEquals(fix, dry.plan().conflicts().get(0).later().get(0).id());
        assertEquals(tip, f.tip());

        Rollback.Outcome forced = f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, true, false);
        assertTrue(forced.write().changed());
        assertFalse(f.read(NOTES).contains("Indent with tabs"));
        assertTrue(f.read(NOTES).contains("Build with mvn -B verify"));
    }

    @Test
    void revertsOneCommitThenARangeSkippingWhatIsAlreadyUndone() throws Exception {
        String x = f.remember("alice", "s1", NOTES, "fact x");
        String y = f.remember("alice", "s1", NOTES, "fact y");
        String z = f.remember("alice", "s1", NOTES, "fact z");
        f.rollback.revert(new Rollback.Commits(List.of(y.substring(0, 8))), REVIEWER, false, false);
        assertTrue(f.read(NOTES).contains("- fact x\n- fact z\n"));

        Rollback.Outcome r = f.rollback.revert(new Rollback.Commits(List.of(x + ".." + z)), REVIEWER, false, false);
        assertEquals(List.of(z), r.undone().stream().map(MemoryCommit::id).toList());
        assertTrue(r.alreadyReverted().containsKey(y));
        assertTrue(f.read(NOTES).endsWith("- fact x\n"), f.read(NOTES));
    }

    @Test
    void undoesAnAgentSinceATime() throws Exception {
        f.remember("alice", "s1", NOTES, "early fact");
        Instant between = f.clock.instant().plusSeconds(1800);
        f.remember("alice", "s2", NOTES, "late fact");
        f.remember("bob", "s3", NOTES, "bob's fact");
        Rollback.Outcome r = f.rollback.revert(new Rollback.Agent("alice", between), REVIEWER, false, false);
        assertEquals(1, r.undone().size());
        String notes = f.read(NOTES);
        assertTrue(notes.contains("early fact") && notes.contains("bob's fact") && !notes.contains("late fact"), notes);
    }

    @Test
    void followsAFileMovedAfterTheCommitBeingUndone() throws Exception {
        f.write("alice", "s1", "project/a.md", "Project facts", "- one\n");
        f.remember("bob", "s2", "project/a.md", "wrong fact");
        f.apply(new Ops.Move(RepoPath.of("project/a.md"), RepoPath.of("project/b.md")), "carol", "s3");
        f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, false);
        assertNull(f.read("project/a.md"));
        assertEquals("- one\n", dev.ctx.format.Document.parse(f.read("project/b.md")).body());
    }

    @Test
    void undoesASessionThatCameInThroughAMerge() throws Exception {
        String base = f.remember("alice", "s1", NOTES, "main fact one");
        f.branch("side", base);
        String side = f.remember("dave", "s5", NOTES, "side fact from dave");
        f.checkout("main");
        f.remember("alice", "s1", "project/main.md", "main fact two");
        String merge = f.merge("side");
        assertEquals(2, f.store.git().commitInfo(merge).parents().size());

        Rollback.Outcome r = f.rollback.revert(new Rollback.Session("s5", null), REVIEWER, false, false);
        assertEquals(List.of(side), r.undone().stream().map(MemoryCommit::id).toList());
        assertFalse(f.read(NOTES).contains("side fact"));
        assertTrue(f.read(NOTES).contains("main fact one"));
        assertTrue(f.read("project/main.md").contains("main fact two"));
    }

    @Test
    void restoresAFileAtARevisionAndAtATime() throws Exception {
        String v1 = f.write("alice", "s1", "project/a.md", "Project facts", "version one\n");
        String v1Text = f.read("project/a.md");
        Instant afterV1 = f.clock.instant().plusSeconds(60);
        String v2 = f.write("bob", "s2", "project/a.md", null, "version two\n");
        f.remember("bob", "s2", NOTES, "unrelated");
        String v3 = f.write("bob", "s2", "project/a.md", null, "version three\n");

        Rollback.Outcome r = f.rollback.restore(RepoPath.of("project/a.md"), v1, REVIEWER, f.clock);
        assertEquals(v1Text, f.read("project/a.md"));
        CommitInfo c = f.store.git().commitInfo(r.write().commit());
        assertEquals("restore", c.trailer("Ctx-Op"));
        assertEquals(v1, c.trailer("Ctx-Restored-From"));
        assertEquals(List.of(v3, v2), c.trailers().get("Ctx-Reverts"));

        f.write("bob", "s2", "project/a.md", null, "version four\n");
        f.rollback.restore(RepoPath.of("project/a.md"), afterV1.toString(), REVIEWER, f.clock);
        assertEquals(v1Text, f.read("project/a.md"));

        Rollback.Outcome same = f.rollback.restore(RepoPath.of("project/a.md"), v1, REVIEWER, f.clock);
        assertFalse(same.write().changed());
    }

    @Test
    void undoStepsBackThroughTheSessionsCommits() throws Exception {
        f.remember("erin", "s7", NOTES, "first");
        f.remember("frank", "s8", NOTES, "other");
        f.remember("erin", "s7", NOTES, "second");
        Provenance erin = Provenance.of("erin", "s7", null);
        f.rollback.undo(erin, false, false);
        assertFalse(f.read(NOTES).contains("second"));
        assertTrue(f.read(NOTES).contains("first"));
        f.rollback.undo(erin, false, false);
        assertFalse(f.read(NOTES).contains("first"));
        assertTrue(f.read(NOTES).contains("other"));
        String tip = f.tip();
        expect(Problem.NOT_FOUND, () -> f.rollback.undo(erin, false, false), tip);
        expect(Problem.USAGE, () -> f.rollback.undo(Provenance.of(null, null, null), false, false), tip);
    }

    @Test
    void badInputIsOneClearErrorAndChangesNothing() throws Exception {
        String a = f.remember("alice", "s1", NOTES, "fact a");
        String b = f.remember("alice", "s1", NOTES, "fact b");
        String tip = f.tip();
        String first = f.store.git().commitInfo(a).parents().get(0);
        expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Commits(List.of("no-such-rev")), REVIEWER, false, false), tip);
        CtxException reversed = expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Commits(List.of(b + ".." + a)), REVIEWER, false, false), tip);
        assertTrue(reversed.getMessage().contains("did you mean"), reversed.getMessage());
        expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Commits(List.of(a + ".." + a)), REVIEWER, false, false), tip);
        expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Session("nobody", null), REVIEWER, false, false), tip);
        expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Agent("alice", f.clock.instant().plusSeconds(60)), REVIEWER, false, false), tip);
        expect(Problem.REFUSED, () -> f.rollback.revert(new Rollback.Commits(List.of(first)), REVIEWER, false, false), tip);
        CtxException early = expect(Problem.NOT_FOUND,
                () -> f.rollback.restore(RepoPath.of(NOTES), "2020-01-01", REVIEWER, f.clock), tip);
        assertTrue(early.getMessage().contains("before the first commit"), early.getMessage());
        expect(Problem.NOT_FOUND, () -> f.rollback.restore(RepoPath.of("never/here.md"), a, REVIEWER, f.clock), tip);
        expect(Problem.NOT_FOUND, () -> f.rollback.restore(RepoPath.of(NOTES), first, REVIEWER, f.clock), tip);
        expect(Problem.USAGE, () -> f.rollback.restore(RepoPath.of(NOTES), "2026-13-45", REVIEWER, f.clock), tip);
    }

    @Test
    void undoesEveryPassOfOneDream() throws Exception {
        f.remember("alice", "s1", NOTES, "keep this");
        String tip = f.tip();
        String text = f.read(NOTES);
        java.util.Map<String, byte[]> edits = new java.util.LinkedHashMap<>();
        edits.put(NOTES, (text + "- dreamt fact\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        dev.ctx.git.Identity dreamer = new dev.ctx.git.Identity("ctx-dream", "dream@ctx", f.clock.instant());
        String pass = f.store.git().commit(tip, edits, dreamer, dreamer,
                "dream(dedupe): merge near duplicates\n\nCtx-Op: dream\nCtx-Dream: d-7\nCtx-Pass: dedupe\n");
        assertEquals(dev.ctx.git.CasResult.UPDATED, f.store.git().compareAndSwap(tip, pass, "dream"));
        try (org.eclipse.jgit.api.Git g = f.jgit()) {
            g.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).call();
        }
        f.remember("bob", "s2", NOTES, "after the dream");
        Rollback.Outcome r = f.rollback.revert(new Rollback.Dream("d-7"), REVIEWER, false, false);
        assertEquals(List.of(pass), r.undone().stream().map(MemoryCommit::id).toList());
        assertFalse(f.read(NOTES).contains("dreamt fact"));
        assertTrue(f.read(NOTES).contains("keep this") && f.read(NOTES).contains("after the dream"));
        expect(Problem.NOT_FOUND, () -> f.rollback.revert(new Rollback.Dream("d-8"), REVIEWER, false, false), f.tip());
    }

    @Test
    void uncommittedEditsInTheWayRefuseTheRevert() throws Exception {
        String bad = f.remember("bob", "s2", NOTES, "bad fact");
        java.nio.file.Files.writeString(f.dir.resolve(NOTES), f.read(NOTES) + "- typed by a person\n");
        CtxException e = expect(Problem.CONFLICT, () -> f.rollback.revert(new Rollback.Commits(List.of(bad)), REVIEWER, false, false), f.tip());
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
    }

    @Test
    void theRevertOperationIsPlannedAgainOnTheTipItIsOffered() throws Exception {
        f.remember("alice", "s1", NOTES, "good fact");
        String bad = f.remember("bob", "s2", NOTES, "bad fact");
        RevertOp op = new RevertOp(new RevertPlanner(f.history), List.of(f.history.commit(bad)), false, "undo " + bad);
        dev.ctx.store.Snapshot before = f.store.head();
        assertEquals(java.util.Optional.of(f.read(NOTES).replace("- bad fact\n", "")), op.plan(before).files().get(RepoPath.of(NOTES)));
        String edit = f.apply(new Ops.Replace(RepoPath.of(NOTES), "bad fact", "bad fact, refined", null), "carol", "s3");
        CtxException e = assertThrows(CtxException.class, () -> op.plan(f.store.head()));
        assertEquals(Problem.CONFLICT, e.problem());
        assertTrue(e.getMessage().contains(edit.substring(0, 10)), e.getMessage());
        assertEquals(List.of(java.util.Map.entry("Ctx-Reverts", bad)), List.copyOf(op.trailers().entrySet()));
    }

    @Test
    void binaryMemoryContentIsRefusedNotReplacedByAPlaceholder() throws Exception {
        // Outside skills/ memory is text only (a skill's binary files are reverted whole: SkillRollbackTest).
        String tip = f.tip();
        dev.ctx.git.Identity pat = new dev.ctx.git.Identity("pat", "pat@example.org", f.clock.instant());
        String c = f.store.git().commit(tip, java.util.Map.of("project/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1}), pat, pat, "add a logo");
        f.store.git().compareAndSwap(tip, c, "test");
        CtxException e = expect(Problem.REFUSED, () -> f.rollback.revert(new Rollback.Commits(List.of(c)), REVIEWER, false, false), c);
        assertTrue(e.getMessage().contains("git revert"), e.getMessage());
    }

    static CtxException expect(Problem p, Executable run, String tip, Fixture f) throws CtxException {
        CtxException e = assertThrows(CtxException.class, run);
        assertEquals(p, e.problem(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(tip, f.tip(), "the branch must not move");
        return e;
    }

    private CtxException expect(Problem p, Executable run, String tip) throws CtxException {
        return expect(p, run, tip, f);
    }

    @Test
    void blameFollowsARevertBackToWhoFirstTaughtTheRestoredLine() throws Exception {
        f.write("alice", "s1", "project/api.md", "API", "The API validates input with Zod.\n");
        f.write("bob", "s2", "project/api.md", null, "The API validates input with Joi.\n");
        f.rollback.revert(new Rollback.Session("s2", null), REVIEWER, false, false);
        java.util.List<dev.ctx.model.BlameEntry> b = f.history.blame(dev.ctx.model.RepoPath.of("project/api.md"), null);
        dev.ctx.model.BlameEntry line = b.stream().filter(e -> e.text().contains("Zod")).findFirst().orElseThrow();
        assertEquals("alice", line.agent(), "the restored line is alice's, not the reviewer's: " + b);
        assertEquals("s1", line.session());
    }
}
