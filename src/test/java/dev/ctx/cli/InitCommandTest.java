package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path tmp;
    TestRepo t;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
    }

    @Test
    void initCreatesTheLayoutAndOneCommit() throws Exception {
        Path repo = t.init();
        assertTrue(Files.isRegularFile(repo.resolve("ctx.yaml")));
        assertTrue(Files.readString(repo.resolve("system/persona.md")).startsWith("---\ndescription: "));
        assertTrue(Files.readString(repo.resolve("system/human.md")).startsWith("---\ndescription: "));
        assertEquals("1", t.git(repo, "rev-list", "--count", "HEAD").strip());
        assertEquals("main", t.git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip());
        assertEquals("", t.git(repo, "status", "--porcelain"));
        t.assertFsckClean(repo);
    }

    @Test
    void initRefusesToClobber() throws Exception {
        Path repo = t.init();
        String head = t.git(repo, "rev-parse", "HEAD");
        Run again = t.ctx("init", "mem");
        assertEquals(6, again.exit());
        assertTrue(again.err().contains("already a context repository"), again.err());
        assertEquals(head, t.git(repo, "rev-parse", "HEAD"));
        Files.createDirectories(t.dir.resolve("full"));
        Files.writeString(t.dir.resolve("full/keep.txt"), "mine");
        assertEquals(6, t.ctx("init", "full").exit());
        assertEquals("mine", Files.readString(t.dir.resolve("full/keep.txt")));
    }

    @Test
    void initInsideAProjectCreatesDotCtxAndIgnoresIt() throws Exception {
        Path project = Files.createDirectories(t.dir.resolve("project"));
        t.git(project, "init", "-q");
        Files.writeString(project.resolve(".gitignore"), "target/");
        Run r = t.ctxIn(project, "", "init");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.isRegularFile(project.resolve(".ctx/ctx.yaml")));
        assertEquals("target/\n.ctx/\n", Files.readString(project.resolve(".gitignore")));
        // commands run anywhere in the project find .ctx
        Path sub = Files.createDirectories(project.resolve("src/deep"));
        Run remember = t.ctxIn(sub, "", "remember", "from a subfolder");
        assertEquals(0, remember.exit(), remember::toString);
        assertTrue(Files.readString(project.resolve(".ctx/system/notes.md")).contains("from a subfolder"));
    }

    @Test
    void initAdoptsAnExistingMemoryRepository() throws Exception {
        Path letta = Files.createDirectories(t.dir.resolve("letta"));
        t.git(letta, "init", "-q", "-b", "main");
        Files.createDirectories(letta.resolve("system"));
        Files.writeString(letta.resolve("system/persona.md"), "---\ndescription: Letta persona\n---\nI am Letta.\n");
        t.git(letta, "add", ".");
        t.git(letta, "commit", "-qm", "letta memory");
        assertEquals(6, t.ctx("--repo", letta.toString(), "status").exit(), "not a context repository yet");
        Run r = t.ctx("init", "letta");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("---\ndescription: Letta persona\n---\nI am Letta.\n", Files.readString(letta.resolve("system/persona.md")));
        assertEquals(0, t.ctx("--repo", letta.toString(), "status").exit());
    }

    @Test
    void initFromClonesAnExistingRepository() throws Exception {
        Path origin = t.init();
        assertEquals(0, t.ctx("--repo", origin.toString(), "remember", "shared fact").exit());
        Run r = t.ctx("init", "--from", origin.toUri().toString(), "copy");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.readString(t.dir.resolve("copy/system/notes.md")).contains("shared fact"));
        Run bad = t.ctx("init", "--from", tmp.resolve("nowhere").toUri().toString(), "copy2");
        assertEquals(7, bad.exit(), bad::toString);
    }

    @Test
    void commandsOutsideAnyRepositorySayWhatToDo() {
        Run r = t.ctx("status");
        assertEquals(6, r.exit());
        assertTrue(r.err().contains("ctx init"), r.err());
    }

    @Test
    void helpListsExitCodesAndEveryCommandHasHelp() {
        Run r = t.ctx("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("refused"), r.out());
        for (String cmd : new String[] {"init", "status", "list", "show", "write", "append", "replace", "insert", "mv", "forget", "describe", "remember"}) {
            Run h = t.ctx(cmd, "--help");
            assertEquals(0, h.exit(), cmd);
            assertTrue(h.out().contains("Usage: ctx " + cmd), h.out());
        }
        assertTrue(t.ctx("--version").out().startsWith("ctx "));
    }

    @Test
    void statusReportsBudgetAndUncommittedFiles() throws Exception {
        Path repo = t.init();
        Files.writeString(repo.resolve("draft.md"), "x");
        Run r = t.ctx("--repo", repo.toString(), "status");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("branch:     main"), r.out());
        assertTrue(r.out().contains("/20000 chars"), r.out());
        assertTrue(r.out().contains("draft.md"), r.out());
    }
}
