package dev.ctx.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deterministic dream end to end through the CLI: what each pass does, the outcome, and what it leaves behind. */
class DreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static JsonNode data(TestRepo.Run r) throws Exception {
        return JSON.readTree(r.out()).get("data");
    }

    @Test
    void aDeterministicDreamTidiesMemoryAndMergesItLosingNoFact() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        String before = m.t.git(m.mem, "rev-parse", "HEAD").strip();
        TestRepo.Run r = m.t.ok("--json", "dream");
        JsonNode d = data(r);
        assertEquals("merged", d.at("/outcome/kind").asText(), r.toString());
        assertEquals("fast-forward", d.at("/outcome/how").asText());
        String notes = Files.readString(m.mem.resolve("system/notes.md"));
        assertEquals(1, count(notes, "Build with mvn -B verify before pushing"), notes);
        assertFalse(notes.toLowerCase().contains("- build with mvn -b verify before pushing\n- build"), notes);
        assertFalse(notes.contains("Deploy by hand"), notes);
        assertTrue(Files.readString(m.mem.resolve("archive/system/notes.md")).contains("~~Deploy by hand on Fridays~~"));
        String conv = Files.readString(m.mem.resolve("project/conventions.md"));
        assertFalse(conv.contains("Tests need Docker"), "the pinned copy is kept, the on-demand one goes: " + conv);
        assertFalse(conv.contains("every two weeks\n"), "the shorter near-duplicate goes: " + conv);
        assertTrue(conv.contains("tags:\n- java\n- build") || conv.contains("tags:\n  - java"), conv);
        assertTrue(Files.readString(m.mem.resolve("project/undescribed.md")).contains("description: Release checklist"));
        String arch = Files.readString(m.mem.resolve("project/architecture.md"));
        assertTrue(arch.contains("## Parts") && arch.contains("(architecture/module-1.md)"), arch);
        assertTrue(Files.readString(m.mem.resolve("project/architecture/module-3.md")).contains("- Module 3 fact number 29 about its design choices"));
        // Every pass is its own commit with the dream's trailers; the whole dream undoes as one.
        String log = m.t.git(m.mem, "log", "--format=%s%n%(trailers:key=Ctx-Pass,valueonly)", before + "..HEAD");
        for (String pass : new String[] {"archive", "dedupe", "split", "describe", "frontmatter"}) {
            assertTrue(log.contains("dream(" + pass + "):") && log.contains(pass + "\n"), log);
        }
        assertEquals("", m.t.git(m.mem, "status", "--porcelain"));
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length, "the dream's worktree is removed");
        m.t.assertFsckClean(m.mem);
        assertEquals(0, m.t.ctx("validate").exit(), m.t.ctx("validate").toString());
        String id = d.get("id").asText();
        JsonNode list = data(m.t.ok("--json", "dream", "list"));
        assertEquals("merged", list.get(0).get("state").asText());
        assertEquals(id, list.get(0).get("id").asText());
    }

    @Test
    void revertDreamUndoesTheWholeDreamAsOneCommit() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "Build with mvn -B verify before pushing");
        m.t.ok("remember", "Tests need Docker running locally");
        m.t.ok("remember", "build with mvn -B verify before pushing");
        String id = data(m.t.ok("--json", "dream")).get("id").asText();
        assertEquals(1, count(Files.readString(m.mem.resolve("system/notes.md")), "with mvn -B verify"));
        m.t.ok("revert", "--dream", id);
        assertEquals(2, count(Files.readString(m.mem.resolve("system/notes.md")), "with mvn -B verify"), "revert --dream undoes every pass");
    }

    @Test
    void aDryRunSaysWhatWouldChangeAndWritesNothing() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        String head = m.t.git(m.mem, "rev-parse", "HEAD");
        JsonNode d = data(m.t.ok("--json", "dream", "--dry-run"));
        assertTrue(d.get("dry_run").asBoolean());
        assertTrue(d.get("would_change").toString().contains("system/notes.md"), d.toString());
        assertEquals(head, m.t.git(m.mem, "rev-parse", "HEAD"));
        assertEquals("", m.t.git(m.mem, "branch", "--list", "ctx/dream/*"));
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length);
    }

    @Test
    void reviewKeepsTheBranchThenAcceptMergesIt() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        String head = m.t.git(m.mem, "rev-parse", "HEAD");
        JsonNode d = data(m.t.ok("--json", "dream", "--review", "--passes", "dedupe"));
        assertEquals("kept-for-review", d.at("/outcome/kind").asText());
        String id = d.get("id").asText();
        assertEquals(head, m.t.git(m.mem, "rev-parse", "HEAD"), "review leaves main alone");
        TestRepo.Run show = m.t.ok("dream", "show", id);
        assertTrue(show.out().contains("dedupe") && show.out().contains("ctx review"), show.out());
        // The base was invalid already (a file without description, one over its limit): review reports that, exit 1.
        TestRepo.Run review = m.t.ctx("review", data(m.t.ok("--json", "dream", "show", id)).get("range").asText());
        assertTrue(review.out().contains("system/notes.md") && review.out().contains("build with mvn -B verify before pushing"), review.out());
        assertEquals(review.out(), m.t.ctx("review", "--dream", id).out(), "ctx review --dream ID is the same review");
        JsonNode a = data(m.t.ok("--json", "dream", "accept", id));
        assertEquals("merged", a.get("kind").asText());
        assertEquals(1, count(Files.readString(m.mem.resolve("system/notes.md")), "with mvn -B verify"));
    }

    @Test
    void rejectMovesTheBranchAsideWithoutDeletingIt() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        String id = data(m.t.ok("--json", "dream", "--review")).get("id").asText();
        String tip = m.t.git(m.mem, "rev-parse", "ctx/dream/" + id).strip();
        m.t.ok("dream", "reject", id);
        assertEquals("", m.t.git(m.mem, "branch", "--list", "ctx/dream/*"));
        assertEquals(tip, m.t.git(m.mem, "rev-parse", "refs/ctx/dream-rejected/" + id).strip());
        assertEquals("rejected", data(m.t.ok("--json", "dream", "list")).get(0).get("state").asText());
    }

    @Test
    void aTidyMemoryHasNoChangesAndLeavesNoBranch() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "one fact only");
        JsonNode d = data(m.t.ok("--json", "dream"));
        assertEquals("no-changes", d.at("/outcome/kind").asText(), d.toString());
        assertEquals("", m.t.git(m.mem, "branch", "--list", "ctx/dream/*"));
    }

    @Test
    void reviewWithPushSendsTheBranchToTheRemoteForAPullRequest() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        Path remote = tmp.resolve("remote.git");
        m.t.git(tmp, "init", "-q", "--bare", remote.toString());
        JsonNode d = data(m.t.ok("--json", "dream", "--review", "--push", remote.toUri().toString()));
        assertEquals(remote.toUri().toString(), d.at("/outcome/pushed_to").asText(), d.toString());
        String id = d.get("id").asText();
        assertEquals(m.t.git(m.mem, "rev-parse", "ctx/dream/" + id), m.t.git(remote, "rev-parse", "ctx/dream/" + id));
        assertEquals(2, m.t.ctx("dream", "--push", "origin").exit(), "--push needs --review");
    }

    @Test
    void ifDueDreamsOnlyWhenEnoughWasLearnedSinceTheLastDream() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.settings("dream:\n  due_after_commits: 3\n");
        m.commit("dream every 3 commits");
        m.t.ok("remember", "Build with mvn -B verify");
        m.t.ok("remember", "build with mvn -B verify");
        // init, the settings and two facts: 4 commits, none a dream's, so the first dream is due.
        assertEquals("merged", data(m.t.ok("--json", "dream", "--if-due")).at("/outcome/kind").asText());
        m.t.ok("remember", "Tests need Docker");
        JsonNode d = data(m.t.ok("--json", "dream", "--if-due"));
        assertTrue(d.get("note").asText().startsWith("not due: 1 commit since the last dream"), d.toString());
        m.t.ok("remember", "Tests need Docker running");
        m.t.ok("remember", "tests need docker");
        assertTrue(data(m.t.ok("--json", "dream", "--if-due")).get("note").isNull(), "3 commits since: due");
    }

    @Test
    void detachHandsTheDreamToABackgroundProcessForASessionEndHook() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "Build with mvn -B verify");
        m.t.ok("remember", "build with mvn -B verify");
        TestRepo.Run r = m.t.ok("dream", "--detach", "--review");
        assertTrue(r.err().contains("dreaming in the background"), r.err());
        JsonNode list = null;
        for (int i = 0; i < 1200; i++) { // waits for the detached process to finish (bounded), asserts nothing about time
            list = data(m.t.ok("--json", "dream", "list"));
            if (list.size() == 1 && list.get(0).get("state").asText().equals("kept-for-review")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("kept-for-review", list.get(0).get("state").asText(), list.toString());
        assertEquals(2, m.t.ctx("dream", "--detach", "--dry-run").exit());
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.toLowerCase().indexOf(what.toLowerCase()); i >= 0; i = s.toLowerCase().indexOf(what.toLowerCase(), i + 1)) {
            n++;
        }
        return n;
    }
}
