package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recall ingest: no part of a token survives a cut, no token becomes a file name, unreadable input commits nothing. */
class RecallHardeningTest {
    static final String GH = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";

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

    private static String user(String session, String uuid, String content) {
        return "{\"type\":\"user\",\"uuid\":\"" + uuid + "\",\"sessionId\":\"" + session + "\",\"timestamp\":\"2026-01-02T10:00:00Z\","
                + "\"message\":{\"role\":\"user\",\"content\":" + content + "}}\n";
    }

    private String history() throws Exception {
        return t.git(repo, "log", "--all", "-p", "--format=%H%n%B") + t.git(repo, "ls-tree", "-r", "--name-only", "HEAD");
    }

    @Test
    void aTokenCutByTruncationIsRedactedBeforeTheCut() throws Exception {
        // The tool output is cut at 500 characters, in the middle of the token: the first 15 of its 40 would remain.
        String output = "x".repeat(480) + " " + GH + " " + "y".repeat(200);
        Path f = tmp.resolve("s.jsonl");
        Files.writeString(f, user("s-1", "u1", "\"hello\"")
                + user("s-1", "u2", "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + output + "\"}]"));
        Run r = t.ctx("recall", "ingest", f.toString(), "--format", "claude");
        assertEquals(0, r.exit(), r::toString);
        String all = history();
        assertFalse(all.contains(GH.substring(0, 12)), "no prefix of the token survives");
        assertTrue(all.contains("x".repeat(100)), "the tool output was kept: " + all);
    }

    @Test
    void aSessionIdThatLooksLikeATokenIsRedactedInTheFileNameAndFrontMatter() throws Exception {
        Path f = tmp.resolve("s.jsonl");
        Files.writeString(f, user(GH, "u1", "\"hello\""));
        Run r = t.ctx("recall", "ingest", f.toString(), "--format", "claude");
        assertEquals(0, r.exit(), r::toString);
        String all = history();
        assertFalse(all.contains(GH.substring(4)), all);
        try (var files = Files.walk(repo)) {
            assertTrue(files.noneMatch(p -> p.toString().contains(GH.substring(4))), "no file name holds it");
        }
    }

    @Test
    void sessionIdsThatMakeBadFileNamesAreMadeSafe() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sessions"));
        Files.writeString(dir.resolve("a.jsonl"), user("aux", "u1", "\"hello\""));
        Files.writeString(dir.resolve("b.jsonl"), user("x".repeat(300) + ".", "u2", "\"again\""));
        Run r = t.ctx("recall", "ingest", dir.toString(), "--format", "claude");
        assertEquals(0, r.exit(), r::toString);
        String files = t.git(repo, "ls-tree", "-r", "--name-only", "HEAD", "recall/");
        assertTrue(files.contains("recall/claude/2026-01/session-aux.md"), files);
        assertTrue(files.contains("recall/claude/2026-01/" + "x".repeat(100) + ".md"), files);
    }

    @Test
    void inputWithNoReadableTurnIsRefusedAndCommitsNothing() throws Exception {
        String head = t.git(repo, "rev-parse", "HEAD");
        Path deep = tmp.resolve("deep.jsonl");
        Files.writeString(deep, "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        Run r = t.ctx("recall", "ingest", deep.toString(), "--format", "claude");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("nothing was committed"), r.toString());

        Path af = tmp.resolve("agent.af");
        Files.writeString(af, "{\"agents\":[{\"name\":\"x\"}],\"messages\":\"not a list\"}");
        Run a = t.ctx("recall", "ingest", af.toString(), "--format", "letta");
        assertEquals(4, a.exit(), a::toString);
        assertEquals(head, t.git(repo, "rev-parse", "HEAD"));
        assertEquals("", t.git(repo, "status", "--porcelain"));
    }
}
