package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.history.Fixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history commands end to end: arguments in, exit code and output out, in-process. */
class HistoryCommandsTest {
    @TempDir
    Path tmp;
    Fixture f;
    String out;
    String err;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        f = Fixture.create(tmp);
        f.remember("alice", "s1", "system/notes.md", "Build with mvn -B verify");
        f.remember("bob", "s2", "system/notes.md", "Deploy by hand on Fridays");
        f.remember("alice", "s3", "system/notes.md", "Tests need Docker");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    int ctx(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Env run = new Env(f.dir, env, new ByteArrayInputStream(new byte[0]), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), f.clock);
        int code = new Cli(run).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    JsonNode json() throws Exception {
        JsonNode n = Output.mapper().readTree(out);
        assertEquals(1, n.get("schema_version").asInt());
        return n.get("data");
    }

    @Test
    void logFiltersWithTheGlobalAgentOption() throws Exception {
        assertEquals(0, ctx("log", "--agent", "bob", "--json"));
        JsonNode commits = json().get("commits");
        assertEquals(1, commits.size());
        assertEquals("s2", commits.get(0).get("session").asText());
        assertEquals("remember", commits.get(0).get("op").asText());
        assertEquals("system/notes.md", commits.get(0).get("files").get(0).get("path").asText());

        assertEquals(0, ctx("log", "system/notes", "--session", "s3"));
        assertTrue(out.contains("remember by agent alice, session s3"), out);
        assertTrue(out.contains("files: system/notes.md"), out);

        assertEquals(3, ctx("log", "never/was.md"));
        assertTrue(err.startsWith("ctx: never/was.md was never tracked"), err);
        assertEquals(2, ctx("log", "--since", "last tuesday"));
        assertEquals(3, ctx("log", "--json", "--agent", "nobody", "nowhere"));
        JsonNode error = Output.mapper().readTree(err).get("error");
        assertEquals(3, error.get("exit").asInt());
        assertEquals("not_found", error.get("kind").asText());
    }

    @Test
    void showCommitDiffAndBlameSpeakInMemoryTerms() throws Exception {
        assertEquals(0, ctx("show-commit", "HEAD"));
        assertTrue(out.contains("+- Tests need Docker"), out);

        Path notes = f.dir.resolve("system/notes.md");
        Files.writeString(notes, Files.readString(notes).replace("Tests need Docker", "Tests need Docker 24+"));
        assertEquals(0, ctx("diff"));
        assertTrue(out.startsWith("== modified system/notes.md (+1 facts, -1 facts)"), out);
        assertEquals(0, ctx("diff", "HEAD~2..HEAD", "system/notes", "--json"));
        assertEquals(2, json().get("diffs").get(0).get("facts_added").size());

        assertEquals(0, ctx("blame", "system/notes"));
        assertTrue(out.lines().anyMatch(l -> l.contains(" bob ") && l.contains(" s2 ") && l.endsWith("- Deploy by hand on Fridays")), out);
        assertEquals(3, ctx("show-commit", "nonsense"));
        assertTrue(err.contains("unknown revision 'nonsense'"), err);
    }

    @Test
    void reviewExitsOneOnlyWhenSomethingBlocks() throws Exception {
        assertEquals(0, ctx("review", "HEAD~3..HEAD"));
        assertTrue(out.startsWith("## ctx review: `HEAD~3..HEAD`"), out);
        assertTrue(out.contains("| alice | s1, s3 | 2 |"), out);
        assertEquals(0, ctx("review", "HEAD~3", "--format", "json"));
        assertFalse(json().get("blocking").asBoolean());
        assertEquals(0, ctx("review"));
        assertTrue(out.contains("`HEAD~1..HEAD`"), out);

        Files.writeString(f.dir.resolve("ctx.yaml"), Files.readString(f.dir.resolve("ctx.yaml")).replace("budget_chars: 20000", "budget_chars: 10"));
        try (org.eclipse.jgit.api.Git g = f.jgit()) {
            g.add().addFilepattern("ctx.yaml").call();
            org.eclipse.jgit.lib.PersonIdent p = new org.eclipse.jgit.lib.PersonIdent("pat", "p@x", f.clock.instant(), java.time.ZoneOffset.UTC);
            g.commit().setMessage("budget").setAuthor(p).setCommitter(p).call();
        }
        assertEquals(1, ctx("review", "HEAD~1..HEAD"));
        assertTrue(out.contains("**Blocking:**") && out.contains("over budget"), out);
        assertEquals(3, ctx("review", "HEAD..HEAD~2"));
        assertTrue(err.contains("reversed"), err);
    }

    @Test
    void revertBySessionRecordsTheReverterFromTheEnvironment() throws Exception {
        env.put("CTX_AGENT", "reviewer");
        String before = f.tip();
        assertEquals(3, ctx("revert", "--session", "nope"));
        assertTrue(err.contains("session 'nope' taught nothing"), err);
        assertEquals(before, f.tip());
        assertEquals(2, ctx("revert"));
        assertEquals(2, ctx("revert", "--since", "2d", "HEAD"));
        assertEquals(2, ctx("revert", "--session", "s2", "HEAD"));

        assertEquals(0, ctx("revert", "--session", "s2", "--dry-run"));
        assertTrue(out.startsWith("dry run"), out);
        assertEquals(before, f.tip());

        assertEquals(0, ctx("revert", "--session", "s2", "--json"));
        JsonNode d = json();
        assertTrue(d.get("changed").asBoolean());
        assertEquals("reviewer", f.store.git().commitInfo(f.tip()).trailer("Ctx-Agent"));
        assertFalse(f.read("system/notes.md").contains("Deploy by hand"));
    }

    @Test
    void undoUsesTheSessionFromTheEnvironmentAndRestoreBringsAFileBack() throws Exception {
        env.put("CTX_SESSION", "s3");
        assertEquals(0, ctx("undo"));
        assertFalse(f.read("system/notes.md").contains("Tests need Docker"));
        assertEquals(3, ctx("undo"));
        env.clear();
        assertEquals(2, ctx("undo"));

        assertEquals(0, ctx("restore", "system/notes", "--at", "HEAD~3"));
        assertEquals("- Build with mvn -B verify\n", dev.ctx.format.Document.parse(f.read("system/notes.md")).body());
        String tip = f.tip();
        assertEquals(3, ctx("restore", "system/notes", "--at", "2001-01-01"));
        assertTrue(err.contains("before the first commit"), err);
        assertEquals(2, ctx("restore", "system/notes"));
        assertEquals(tip, f.tip());
    }
}
