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

/** The model pass against a real HTTP server on loopback that plays scripted replies. */
class ModelPassTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private MessyRepo repo(FakeModel model) throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.settings("dream:\n  model:\n    url: " + model.url() + "\n    model: fake-1\n    api_key_env: FAKE_KEY\n");
        m.file("system/notes.md", "---\ndescription: Facts remembered by agents\n---\n- Build with mvn -B verify\n- Tests need Docker\n");
        m.file("recall/claude-code/s1.md", "---\ndescription: a session\n---\n## user\n\nrelease again: tag, push, make release\n");
        m.commit("memory and a session");
        m.t.env.put("FAKE_KEY", "sk-test-not-a-real-key");
        return m;
    }

    @Test
    void goodEditsLandABadOneIsDroppedButKeptOnTheBranchWithItsReason() throws Exception {
        try (FakeModel model = new FakeModel()) {
            model.reply("""
                    {"edits": [
                      {"action": "write", "path": "project/release.md", "description": "How releases are made", "body": "- Release with make release after tagging\\n", "reason": "recurs in recall"},
                      {"action": "write", "path": "system/notes.md", "description": "Facts", "body": "- Build with mvn -B verify\\n", "reason": "shorter"},
                      {"action": "explode", "path": "system/notes.md"}
                     ],
                     "skills": [{"name": "release", "description": "Cut a release: tag, push, make release. Use when asked to release.", "body": "# Release\\n\\n1. Tag the commit\\n2. Push the tag\\n3. Run make release\\n", "reason": "the same steps in three sessions"}]}
                    """);
            MessyRepo m = repo(model);
            TestRepo.Run r = m.t.ok("--json", "dream", "--model", "--passes", "model");
            JsonNode d = JSON.readTree(r.out()).get("data");
            assertEquals("merged", d.at("/outcome/kind").asText(), r.toString());
            JsonNode pass = d.get("passes").get(0);
            assertEquals("partly-applied", pass.get("status").asText(), pass.toString());
            assertTrue(pass.get("reason").asText().contains("would lose 1 fact") && pass.get("reason").asText().contains("Tests need Docker"), pass.toString());
            assertTrue(pass.get("dropped").toString().contains("unknown action 'explode'"), pass.toString());
            // The good edits landed; the bad one did not.
            assertTrue(Files.readString(m.mem.resolve("project/release.md")).contains("make release"));
            assertTrue(Files.readString(m.mem.resolve("system/notes.md")).contains("- Tests need Docker"));
            assertEquals(0, m.t.ctx("validate", "--strict", "skills/release/SKILL.md").exit(), m.t.ctx("validate", "--strict", "skills/release/SKILL.md").toString());
            // The bad edit is on the proposal branch, with its reason in the commit that dropped it.
            String id = d.get("id").asText();
            String modelCommit = pass.get("commit").asText();
            assertFalse(m.t.git(m.mem, "show", modelCommit + ":system/notes.md").contains("Tests need Docker"));
            String drop = m.t.git(m.mem, "log", "-1", "--format=%B", "ctx/dream/" + id);
            assertTrue(drop.contains("would lose 1 fact") && drop.contains("Ctx-Op: dream-drop") && drop.contains("Ctx-Pass: model"), drop);
            // Main got what was kept, as one commit naming what was left out; the bad state never reached it.
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> m.t.git(m.mem, "merge-base", "--is-ancestor", modelCommit, "HEAD"));
            String landed = m.t.git(m.mem, "log", "-1", "--format=%B", "HEAD");
            assertTrue(landed.startsWith("dream(model):") && landed.contains("Left out of this merge") && landed.contains("would lose 1 fact")
                    && landed.contains("Ctx-Dream: " + id), landed);
            assertEquals("merged", JSON.readTree(m.t.ok("--json", "dream", "list").out()).get("data").get(0).get("state").asText());
            // What the model was sent: current memory and the recall since the last dream, with the key from the environment.
            String req = model.requests.get(0);
            assertTrue(req.contains("Build with mvn -B verify") && req.contains("make release") && req.contains("fake-1"), req);
        }
    }

    @Test
    void aMalformedReplyFailsThePassKeepsTheReplyAndChangesNothing() throws Exception {
        try (FakeModel model = new FakeModel()) {
            model.reply("Sure! Here are my thoughts: merge the notes.");
            MessyRepo m = repo(model);
            String head = m.t.git(m.mem, "rev-parse", "HEAD");
            JsonNode d = JSON.readTree(m.t.ok("--json", "dream", "--model", "--passes", "model").out()).get("data");
            assertEquals("no-changes", d.at("/outcome/kind").asText(), d.toString());
            assertEquals("failed", d.get("passes").get(0).get("status").asText());
            assertTrue(d.get("passes").get(0).get("reason").asText().contains("not JSON"), d.toString());
            assertEquals(head, m.t.git(m.mem, "rev-parse", "HEAD"));
            Path reply = m.mem.resolve(".git/ctx/dreams/" + d.get("id").asText() + "/model-reply.txt");
            assertTrue(Files.readString(reply).contains("Here are my thoughts"), "the reply is never thrown away");
        }
    }

    @Test
    void aDuplicateNamedWithoutItsTwinIsDroppedWholeAndTheOtherPassesLandWithoutIt() throws Exception {
        try (FakeModel model = new FakeModel()) {
            model.reply("""
                    {"edits": [{"action": "remove", "path": "system/notes.md", "fact": "Tests need Docker", "as": "duplicate", "kept_in": "project/none.md"}]}
                    """);
            MessyRepo m = repo(model);
            m.t.ok("remember", "tests need docker");
            JsonNode d = JSON.readTree(m.t.ok("--json", "dream", "--model").out()).get("data");
            assertEquals("merged", d.at("/outcome/kind").asText(), d.toString());
            JsonNode pass = d.get("passes").get(d.get("passes").size() - 1);
            assertEquals("dropped", pass.get("status").asText(), d.toString());
            assertTrue(pass.get("reason").asText().contains("project/none.md holds no such fact"), d.toString());
            String main = m.t.git(m.mem, "log", "--format=%s", "-3");
            assertTrue(main.contains("dream(dedupe)") && !main.contains("dream(model)"), "the dropped pass is left out of the merge: " + main);
            String branch = m.t.git(m.mem, "log", "--format=%s", "-2", "ctx/dream/" + d.get("id").asText());
            assertTrue(branch.contains("dream(model): drop the pass") && branch.contains("dream(model): apply"), "and kept on the branch: " + branch);
            assertTrue(Files.readString(m.mem.resolve("system/notes.md")).contains("- Tests need Docker"));
        }
    }

    @Test
    void theModelPassNeedsAnEndpoint() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        TestRepo.Run r = m.t.ctx("dream", "--model");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.err().contains("dream.model.url"), r.err());
    }
}
