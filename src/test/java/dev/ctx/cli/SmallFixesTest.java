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

/** The small things a new user notices first: wording, JSON everywhere, one folder listed once. */
class SmallFixesTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
    }

    @Test
    void aPlainGitCommitIsSaidToBeOneInTheLog() throws Exception {
        Files.writeString(repo.resolve("system/human.md"), Files.readString(repo.resolve("system/human.md")) + "\nPrefers tabs.\n");
        t.git(repo, "commit", "-qam", "a person's edit");
        String author = t.git(repo, "log", "-1", "--format=%an").strip();
        String log = t.ok("log", "-n", "1").out();
        assertTrue(log.lines().findFirst().orElseThrow().endsWith(" git commit by " + author), log);
    }

    @Test
    void versionHonoursJson() throws Exception {
        Run r = t.ok("--json", "--version");
        assertTrue(r.out().startsWith("{\"schema_version\":1,\"command\":\"version\",\"data\":{\"version\":\"ctx "), r.out());
        assertTrue(t.ok("--version").out().startsWith("ctx "));
    }

    @Test
    void aFolderSplitBySubfolderIsListedOnce() throws Exception {
        t.ok("write", "notes/a", "--description", "a", "--body", "x");
        t.ok("write", "notes/m/b", "--description", "b", "--body", "x");
        t.ok("write", "notes/z", "--description", "z", "--body", "x");
        String out = t.ok("list", "notes").out();
        assertEquals(1, out.lines().filter(l -> l.equals("notes/")).count(), out);
        assertTrue(out.contains("notes/\n  a.md — a\n  z.md — z\nnotes/m/\n  b.md — b"), out);
    }

    @Test
    void statusCountsOneFileInTheSingular() throws Exception {
        Files.writeString(repo.resolve("system/human.md"), "---\ndescription: who\n---\nedited\n");
        String out = t.ok("status").out();
        assertTrue(out.contains("uncommitted: 1 file\n"), out);
    }

    @Test
    void restoreHasADryRunThatChangesNothing() throws Exception {
        t.ok("write", "notes/r", "--description", "r", "--body", "first\n");
        String v1 = t.git(repo, "rev-parse", "HEAD").strip();
        t.ok("write", "notes/r", "--body", "second\n");
        String tip = t.git(repo, "rev-parse", "HEAD").strip();
        Run r = t.ok("restore", "notes/r", "--at", v1, "--dry-run");
        assertTrue(r.out().startsWith("dry run: nothing was changed\nwould undo 1 commit:"), r.out());
        assertTrue(r.out().contains("files: notes/r.md"), r.out());
        assertEquals(tip, t.git(repo, "rev-parse", "HEAD").strip());
        assertTrue(Files.readString(repo.resolve("notes/r.md")).endsWith("second\n"));
        t.ok("restore", "notes/r", "--at", v1);
        assertTrue(Files.readString(repo.resolve("notes/r.md")).endsWith("first\n"));
    }
}
