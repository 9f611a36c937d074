package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "Hardening", the smaller items: each is a case a real session met. */
class HardeningCommandsTest {
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
    void aByteOrderMarkAtTheStartOfABodyFileIsNotPartOfTheBody() throws Exception {
        Path body = tmp.resolve("body.md");
        Files.write(body, "\uFEFFhello from windows\n".getBytes(StandardCharsets.UTF_8));
        t.ok("write", "notes/bom", "--description", "d", "--body-file", body.toString());
        String file = Files.readString(repo.resolve("notes/bom.md"));
        assertFalse(file.contains("\uFEFF"), file);
        assertTrue(file.endsWith("---\nhello from windows\n"), file);
    }

    @Test
    void appendingToACrlfFileKeepsItsLineEndings() throws Exception {
        Files.writeString(repo.resolve("notes.md"), "---\r\ndescription: d\r\n---\r\nfirst\r\n");
        t.git(repo, "add", "notes.md");
        t.git(repo, "commit", "-q", "-m", "crlf file");
        t.ok("append", "notes", "second\nthird");
        t.ok("remember", "fourth", "--in", "notes");
        String body = Files.readString(repo.resolve("notes.md"));
        assertTrue(body.endsWith("first\r\n\r\nsecond\r\nthird\r\n- fourth\r\n"), body);
        assertFalse(body.replace("\r\n", "").contains("\n"), "no bare line feed: " + body);
    }

    @Test
    void controlCharactersInCommittedSubjectsAreNeutralisedInOutput() throws Exception {
        t.ok("write", "notes/a", "--description", "d", "--body", "x");
        Files.writeString(repo.resolve("notes/a.md"), "---\ndescription: d\n---\ny\n");
        t.git(repo, "commit", "-q", "-am", "evil \u001b[2J\u001b[31m subject");
        Run r = t.ok("log");
        assertFalse(r.out().contains("\u001b"), r.out());
        assertTrue(r.out().contains("\\x1b[2J"), r.out());
    }

    @Test
    void aBrokenCtxYamlIsNamedNotReportedAsNoRepository() throws Exception {
        Files.writeString(repo.resolve("ctx.yaml"), "version: 1\nlimits: [unclosed\n");
        t.git(repo, "commit", "-q", "-am", "broken config");
        Run r = t.ctx("remember", "a fact");
        assertTrue(r.err().contains("ctx.yaml"), r.toString());
        assertTrue(r.exit() != 6 && r.exit() != 0, r.toString());
    }

    @Test
    void aStaleBranchLockIsNamedWithHowToClearIt() throws Exception {
        Path lock = repo.resolve(".git/refs/heads/main.lock");
        Files.writeString(lock, "");
        Run r = t.ctx("remember", "a fact");
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.err().contains("main.lock") && r.err().contains("stale"), r.toString());
        Files.delete(lock);
        t.ok("remember", "a fact");
    }

    @Test
    void anEmptyRepoOptionNeverFallsBackToTheEnclosingRepository() throws Exception {
        t.env.remove("CTX_REPO");
        String head = t.git(repo, "rev-parse", "HEAD");
        Path inside = Files.createDirectories(repo.resolve("system"));
        Run r = t.ctxIn(inside, "", "--repo", "", "remember", "a fact");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(head, t.git(repo, "rev-parse", "HEAD"));
    }
}
