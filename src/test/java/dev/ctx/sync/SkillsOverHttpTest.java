package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's skills repository behind HTTP authentication: skills commands reach it as sync reaches its remotes
 * (the token in $CTX_SYNC_TOKEN or the variable ctx.yaml's sync.token_env names), never show the token, and
 * refuse a URL that carries one, since the installed SKILL.md records its source.
 */
class SkillsOverHttpTest {
    private static final String TOKEN = "tok-5a4b3c2d1e0f";
    private static final String SKILL = "skills/ctx-memory-review/SKILL.md";

    @TempDir
    Path tmp;
    TestRepo t;
    Path mem;
    SmartHttpServer server;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        Path work = tmp.resolve("skills-work");
        Path skill = work.resolve("ctx-memory-review");
        Files.createDirectories(skill);
        Files.copy(Path.of("skills-examples/ctx-memory-review/SKILL.md"), skill.resolve("SKILL.md"));
        t.git(tmp, "init", "-q", "-b", "main", work.toString());
        t.git(work, "add", ".");
        t.git(work, "commit", "-q", "-m", "skills");
        Path bare = tmp.resolve("skills.git");
        t.git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
        server = new SmartHttpServer(bare, null);
        server.requiredPassword = TOKEN;
        mem = t.init();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Run in(String... args) {
        Run r = t.inRepo(mem, args);
        assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the token is never shown: " + r);
        return r;
    }

    @Test
    void installAndPublishUseTheSyncTokenAndSayWhichVariableIsMissing() throws Exception {
        String source = server.url() + "/ctx-memory-review";
        Run denied = in("skills", "install", source);
        assertEquals(7, denied.exit(), denied.toString());
        assertEquals(1, denied.err().strip().split("\n").length, denied.err());
        assertTrue(denied.err().contains("$CTX_SYNC_TOKEN"), "the error names where the token goes: " + denied.err());
        assertFalse(Files.exists(mem.resolve(SKILL)), "nothing installed");

        t.env.put("CTX_SYNC_TOKEN", TOKEN);
        Run installed = in("skills", "install", source);
        assertEquals(0, installed.exit(), installed.toString());
        assertTrue(Files.readString(mem.resolve(SKILL)).contains("ctx-memory-review"));

        Files.writeString(mem.resolve(SKILL), Files.readString(mem.resolve(SKILL)) + "\nApprove only after a second look.\n");
        t.git(mem, "add", SKILL);
        t.git(mem, "commit", "-q", "-m", "a local edit of the skill");
        Run published = in("skills", "publish", "ctx-memory-review", "--to", server.url());
        assertEquals(0, published.exit(), published.toString());
        assertTrue(published.out().contains("skill/ctx-memory-review"), published.out());
    }

    @Test
    void theVariableCtxYamlNamesHoldsTheToken() throws Exception {
        Files.writeString(mem.resolve("ctx.yaml"), Files.readString(mem.resolve("ctx.yaml")) + "\nsync:\n  token_env: TEAM_SKILLS_TOKEN\n");
        t.git(mem, "add", "ctx.yaml");
        t.git(mem, "commit", "-q", "-m", "name the token variable");
        t.env.put("CTX_SYNC_TOKEN", "not-the-token");
        Run denied = in("skills", "install", server.url() + "/ctx-memory-review");
        assertEquals(7, denied.exit(), denied.toString());
        assertTrue(denied.err().contains("$TEAM_SKILLS_TOKEN"), denied.err());
        t.env.put("TEAM_SKILLS_TOKEN", TOKEN);
        Run installed = in("skills", "install", server.url() + "/ctx-memory-review");
        assertEquals(0, installed.exit(), installed.toString());
    }

    @Test
    void aUrlCarryingTheTokenIsRefusedAndNothingIsRecorded() throws Exception {
        String head = t.git(mem, "rev-parse", "HEAD");
        Run r = in("skills", "install", server.url().replace("://", "://me:" + TOKEN + "@") + "/ctx-memory-review");
        assertEquals(4, r.exit(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("$CTX_SYNC_TOKEN"), r.err());
        assertEquals(head, t.git(mem, "rev-parse", "HEAD"), "no commit");
        assertEquals(0, server.requests, "nothing was sent");
    }
}
