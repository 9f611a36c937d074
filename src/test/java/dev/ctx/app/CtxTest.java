package dev.ctx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import dev.ctx.model.WriteResult;
import dev.ctx.support.TestRepo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's front door used directly, as a second adapter (the MCP server) will use it. */
class CtxTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path root;
    final Provenance who = Provenance.of("tester", "s-1", null);

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        root = t.dir.resolve("r");
        try (Ctx ctx = Ctx.init(root, who, t.clock)) {
            assertEquals(ctx.head(), ctx.status().head());
        }
    }

    private Ctx open() throws CtxException {
        return Ctx.open(root, t.clock, t.env);
    }

    @Test
    void aRememberedFactIsOneCommitWithProvenanceAndCountsAgainstTheSystemBudget() throws Exception {
        try (Ctx ctx = open()) {
            SystemBudget before = ctx.status().system();
            WriteResult w = ctx.remember(null, "the build uses maven", who.withReason("seen in pom.xml"));
            assertTrue(w.changed());
            assertEquals("remember", w.op());
            Status after = ctx.status();
            assertEquals(w.commit(), after.head());
            assertEquals(before.files() + 1, after.system().files(), "remember.default is a system/ block");
            assertEquals(before.chars() + "- the build uses maven\n".length(), after.system().chars());
            List<MemoryCommit> log = ctx.log(LogQuery.all().withPath("system/notes.md"));
            assertEquals(1, log.size());
            assertEquals("tester", log.get(0).agent());
            assertEquals("seen in pom.xml", log.get(0).reason());
        }
    }

    @Test
    void emptyTextIsRefusedAsACtxExceptionInDomainWords() throws Exception {
        try (Ctx ctx = open()) {
            ctx.write(RepoPath.of("notes/a.md"), "A note", "one\ntwo\n", who);
            CtxException fact = assertThrows(CtxException.class, () -> ctx.remember(null, "  ", who));
            assertEquals(Problem.REFUSED, fact.problem());
            CtxException old = assertThrows(CtxException.class, () -> ctx.replace(RepoPath.of("notes/a.md"), "", "x", who));
            assertEquals(Problem.REFUSED, old.problem());
            CtxException line = assertThrows(CtxException.class, () -> ctx.insert(RepoPath.of("notes/a.md"), 9, "x", who));
            assertTrue(line.getMessage().startsWith("line 9 is outside notes/a.md"), line.getMessage());
            assertFalse(old.getMessage().contains("--") || line.getMessage().contains("--"), "no CLI flag names below the CLI");
        }
    }

    @Test
    void moveTakesAFileOrLabelAndOtherwiseAFolder() throws Exception {
        try (Ctx ctx = open()) {
            ctx.write(RepoPath.of("team/a.md"), "A", "a\n", who);
            ctx.write(RepoPath.of("team/b.md"), "B", "b\n", who);
            ctx.move("team/a", "team/c", who);
            assertEquals(List.of("team/b.md", "team/c.md"), ctx.list("team", null).stream().map(e -> e.path()).toList());
            ctx.move("team", "crew", who);
            assertEquals(List.of("crew/b.md", "crew/c.md"), ctx.list("crew", null).stream().map(e -> e.path()).toList());
            CtxException escape = assertThrows(CtxException.class, () -> ctx.move("crew", "../out", who));
            assertEquals(Problem.REFUSED, escape.problem());
        }
    }

    @Test
    void validateSeesUncommittedEditsOfTheWorkingTree() throws Exception {
        try (Ctx ctx = open()) {
            ctx.write(RepoPath.of("notes/a.md"), "A note", "one\n", who);
            assertEquals(0, ctx.validate(List.of(), false, false).errors());
            java.nio.file.Files.writeString(root.resolve("notes/a.md"), "---\ndescription: [unclosed\n---\nbody\n");
            assertTrue(ctx.validate(List.of(RepoPath.of("notes/a.md")), false, false).errors() > 0, "the edit is checked, not the commit");
            assertEquals(List.of("notes/a.md"), ctx.status().uncommitted());
        }
    }

    @Test
    void withoutHelpersTheLibraryStartsNoProcess() throws Exception {
        try (Ctx ctx = open()) {
            assertFalse(ctx.embedPendingInBackground());
        }
    }
}
