package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx import of Letta agent files (the fixtures of recall/letta-af) and Letta Code memory repositories. */
class ImportLettaTest {
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

    private static Path af(String name) throws Exception {
        return Paths.get(ImportLettaTest.class.getResource("/recall/letta-af/" + name).toURI());
    }

    private String head() throws Exception {
        return t.git(repo, "rev-parse", "HEAD").strip();
    }

    private List<String> tracked(String prefix) throws Exception {
        String out = t.git(repo, "ls-files", prefix).strip();
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    @Test
    void loopsNineBlocksBecomeFilesAndItsMessagesRecallTurnsInOneCommit() throws Exception {
        String before = head();
        Run r = t.ok("import", af("loop.af").toString());
        assertEquals(before, t.git(repo, "rev-parse", "HEAD~1").strip(), "one commit");
        List<String> blocks = tracked("loop");
        assertEquals(8, blocks.size(), blocks.toString());
        assertEquals(List.of("system/loop/persona.md"), tracked("system/loop"));
        assertTrue(blocks.contains("loop/about_user.md") && blocks.contains("loop/soul.md"), blocks.toString());
        String persona = Files.readString(repo.resolve("system/loop/persona.md"));
        assertTrue(persona.startsWith("---\ndescription: 'The persona block: Stores details") || persona.startsWith("---\ndescription: The persona block"), persona);
        assertTrue(persona.contains("\nlimit: 20000\nread_only: false\n---\nI'm Loop. I persist."), persona);
        // A block without a description gets one that names it; the body is the block's value.
        String about = Files.readString(repo.resolve("loop/about_user.md"));
        assertTrue(about.contains("description: Letta memory block 'about_user' of agent"), about);
        assertTrue(about.contains("Facts and context about the user."), about);
        // The messages went through recall ingestion: the same two turns 'ctx recall ingest loop.af' gives.
        List<String> recall = tracked("recall");
        assertEquals(1, recall.size(), recall.toString());
        assertTrue(r.out().contains("added 2 of 2 turns"), r.out());
        String message = t.git(repo, "log", "-1", "--format=%B");
        assertTrue(message.contains("Ctx-Import-Format: letta-af") && message.contains("Ctx-Import-Source: " + af("loop.af")), message);
        t.ok("validate");
        String head = head();
        Run again = t.ok("import", af("loop.af").toString());
        assertTrue(again.out().contains("unchanged:"), again.out());
        assertEquals(head, head());
    }

    @Test
    void theLegacyAndTheDoubleEncodedShapesAreRead() throws Exception {
        t.ok("import", af("memgpt_agent.legacy-v0.6.47.af").toString(), "--into", "legacy");
        String human = Files.readString(repo.resolve("system/legacy/human.md"));
        assertTrue(human.contains("limit: 5000") && human.contains("First name: Chad"), human);
        assertTrue(Files.exists(repo.resolve("system/legacy/persona.md")));
        Run r = t.ok("import", af("memgpt_agent.double-encoded.af").toString());
        assertTrue(r.out().contains("system/memgpt-agent/human.md (pinned)"), r.out());
        assertTrue(Files.readString(repo.resolve("system/memgpt-agent/persona.md")).contains("I am Sam."));
        // The current-shape export of the same agent holds the same blocks: already there, only its messages are new.
        Run same = t.ok("import", af("memgpt_agent_with_convo.af").toString());
        assertTrue(same.out().contains("already there: system/memgpt-agent/human.md"), same.out());
    }

    @Test
    void pinFlagsOverrideTheRuleAndReadOnlyAndPassagesAreKept() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = (ObjectNode) json.readTree(Files.readAllBytes(af("memgpt_agent_with_convo.af")));
        ((ObjectNode) file.path("blocks").get(0)).put("read_only", true);
        ArrayNode passages = ((ObjectNode) file.path("agents").get(0)).putArray("passages");
        passages.addObject().put("id", "passage-1").put("text", "Chad's favourite restaurant is Taste of the Himalayas.").putArray("tags").add("food");
        Path changed = tmp.resolve("agent.af");
        Files.write(changed, json.writeValueAsBytes(file));
        t.ok("import", changed.toString(), "--pin", "none");
        assertEquals(List.of(), tracked("system/memgpt-agent"));
        String human = Files.readString(repo.resolve("memgpt-agent/human.md"));
        assertTrue(human.contains("read_only: true"), human);
        String passage = Files.readString(repo.resolve("archive/memgpt-agent/passages/passage-1.md"));
        assertTrue(passage.contains("Taste of the Himalayas") && passage.contains("food"), passage);
        // read_only holds afterwards as for every file: agents cannot change it.
        assertEquals(4, t.ctx("append", "memgpt-agent/human.md", "Likes tea").exit());
        t.ok("validate");
    }

    @Test
    void notAnAgentFileIsRefused() throws Exception {
        Path bad = tmp.resolve("x.af");
        Files.writeString(bad, "{\"hello\": 1}");
        Run r = t.ctx("import", bad.toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("not a Letta agent file"), r.err());
        Files.writeString(bad, "{not json");
        assertEquals(4, t.ctx("import", bad.toString()).exit());
    }

    /** A Letta Code memory repository built from the templates the way Letta Code writes it, in two commits. */
    private Path memfs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("letta/memory"));
        t.git(dir, "init", "-q", "-b", "main");
        Files.createDirectories(dir.resolve("system"));
        for (String n : List.of("persona", "human")) {
            Files.writeString(dir.resolve("system/" + n + ".md"), template(n));
        }
        t.git(dir, "add", ".");
        t.git(dir, "commit", "-q", "-m", "initial memory");
        Files.createDirectories(dir.resolve("reference"));
        Files.writeString(dir.resolve("reference/project.md"), template("project"));
        Files.writeString(dir.resolve(".gitignore"), "*.tmp\n");
        t.git(dir, "add", ".");
        t.git(dir, "commit", "-q", "-m", "learn the project");
        return dir;
    }

    private static String template(String name) throws Exception {
        Path p = Paths.get(ImportLettaTest.class.getResource("/imports/memory-templates/" + name + ".mdx").toURI());
        return Files.readString(p).replaceFirst("(?m)^label: .*\\n", "");
    }

    @Test
    void aMemoryRepositoryIsAdoptedWithItsHistory() throws Exception {
        Path memfs = memfs();
        String theirs = t.git(memfs, "rev-parse", "HEAD").strip();
        String before = head();
        Run r = t.ok("import", memfs.toString(), "--into", "letta");
        assertTrue(r.out().contains("adopted the history"), r.out());
        assertTrue(r.out().contains("note: .gitignore is a hidden file; left out"), r.out());
        assertEquals(before + " " + theirs, t.git(repo, "log", "-1", "--format=%P").strip(), "its HEAD is the second parent");
        assertEquals(template("persona"), Files.readString(repo.resolve("system/letta/persona.md")));
        assertTrue(Files.exists(repo.resolve("letta/reference/project.md")));
        Run log = t.ok("log", "-n", "5");
        assertTrue(log.out().contains("learn the project") && log.out().contains("initial memory"), log.out());
        assertTrue(t.git(repo, "log", "-1", "--format=%B").contains("Ctx-Import-Commit: " + theirs));
        // The file's own log shows the import that wrote it, though that commit has two parents.
        Run fileLog = t.ok("log", "system/letta/persona.md");
        assertTrue(fileLog.out().contains("import: 3 files and its history from memory"), fileLog.out());
        assertEquals("", t.git(repo, "for-each-ref", "refs/ctx").strip(), "the fetch ref is gone");
        String head = head();
        Run again = t.ok("import", memfs.toString(), "--into", "letta");
        assertTrue(again.out().contains("unchanged:"), again.out());
        assertEquals(head, head());
        // New history there with the same files: the import commits no file, but adopts the new commits.
        t.git(memfs, "commit", "-q", "--allow-empty", "-m", "nothing changed");
        String newer = t.git(memfs, "rev-parse", "HEAD").strip();
        Run history = t.ok("import", memfs.toString(), "--into", "letta");
        assertTrue(history.out().contains("import: 0 files and its history"), history.out());
        assertEquals(head + " " + newer, t.git(repo, "log", "-1", "--format=%P").strip());
        assertEquals("", t.git(repo, "diff", head, "HEAD").strip());
        t.ok("validate");
    }

    @Test
    void aMemoryRepositoryOverCtxsOwnFilesIsAConflict() throws Exception {
        Path memfs = memfs();
        String head = head();
        Run r = t.ctx("import", memfs.toString());
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.err().contains("system/persona.md"), r.err());
        assertEquals(head, head());
        assertEquals("", t.git(repo, "for-each-ref", "refs/ctx").strip());
    }

    @Test
    void anInvalidMemoryRepositoryIsRefusedBeforeAnythingChanges() throws Exception {
        Path memfs = memfs();
        Files.writeString(memfs.resolve("system/style.md"), "no front-matter here\n");
        t.git(memfs, "add", ".");
        t.git(memfs, "commit", "-q", "-m", "a block without a description");
        String head = head();
        Run r = t.ctx("import", memfs.toString(), "--into", "letta");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("not a valid memory repository") && r.err().contains("system/style.md"), r.err());
        assertEquals(head, head());
        String theirs = t.git(memfs, "rev-parse", "HEAD").strip();
        // Validation came before the fetch: not one of its objects reached this repository.
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> t.git(repo, "cat-file", "-t", theirs));
        // A code project with a system/ folder of its own is not taken for one: its instructions are imported.
        Path code = Files.createDirectories(tmp.resolve("code/system"));
        t.git(code.getParent(), "init", "-q");
        Files.writeString(code.getParent().resolve("AGENTS.md"), "# Rules\n\n## Build\n\nRun make.\n\n## Test\n\nRun make test.\n");
        Run instructions = t.ok("import", code.getParent().toString());
        assertTrue(instructions.out().contains("project/agents/build.md"), instructions.out());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        t.git(empty, "init", "-q");
        assertEquals(4, t.ctx("import", empty.toString(), "--format", "letta-memfs").exit());
    }
}
