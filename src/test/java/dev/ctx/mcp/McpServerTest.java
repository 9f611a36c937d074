package dev.ctx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import dev.ctx.support.WriterProcess;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ctx mcp end to end: the MCP SDK's own client speaks to a spawned {@code ctx mcp} process (one per class), as an
 * agent would. Tools, prompts, refusals as tool errors, and commits made by other processes meanwhile.
 */
class McpServerTest {
    static final String CLIENT = "ctx-test-client";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static TestRepo t;
    static Path repo;
    static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        t = new TestRepo(tmp);
        repo = t.dir.resolve("r");
        assertEquals(0, t.ctx("init", repo.toString()).exit());
        t.env.put("CTX_REPO", repo.toString());
        assertEquals(0, t.ctx("write", "projects/billing", "--description", "How billing works", "--body",
                "# Billing\n\n## Retries\n\nCard payments are retried three times.\n", "--reason", "setup").exit());
        Files.createDirectories(repo.resolve("skills/deploy"));
        assertEquals(0, t.ctx("write", "skills/deploy/SKILL.md", "--description", "Deploy the service to staging",
                "--body", "# Deploy\n\nRun make deploy.\n", "--reason", "setup").exit());
        List<String> cmd = TestRepo.javaCommand("dev.ctx.Main");
        Map<String, String> env = new HashMap<>(t.env);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        ServerParameters params = ServerParameters.builder(cmd.get(0)).args(concat(cmd.subList(1, cmd.size()), "mcp", "--repo", repo.toString()))
                .env(env).build();
        client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .clientInfo(new McpSchema.Implementation(CLIENT, "1.0"))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        McpSchema.InitializeResult init = client.initialize();
        assertEquals("ctx", init.serverInfo().name());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    static List<String> concat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    static McpSchema.CallToolResult call(String tool, Object... kv) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    static JsonNode ok(McpSchema.CallToolResult r) throws Exception {
        assertFalse(Boolean.TRUE.equals(r.isError()), () -> text(r));
        return JSON.readTree(text(r));
    }

    static JsonNode lastCommit() throws Exception {
        TestRepo.Run run = t.ctx("--json", "log", "-n", "1");
        assertEquals(0, run.exit(), run::toString);
        return JSON.readTree(run.out()).get("data").get("commits").get(0);
    }

    @Test
    void everyToolIsListedWithTruthfulAnnotationsAndASchema() {
        Map<String, McpSchema.Tool> tools = client.listTools().tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, x -> x));
        assertEquals(Set.of("memory_context", "memory_search", "memory_read", "memory_list", "memory_write", "memory_edit",
                "memory_remember", "memory_delete", "memory_move", "memory_history", "memory_revert", "skill_list", "skill_read"),
                tools.keySet());
        for (String ro : List.of("memory_context", "memory_search", "memory_read", "memory_list", "memory_history", "skill_list", "skill_read")) {
            assertTrue(tools.get(ro).annotations().readOnlyHint(), ro);
        }
        for (String w : List.of("memory_write", "memory_edit", "memory_remember", "memory_delete", "memory_move", "memory_revert")) {
            McpSchema.Tool tool = tools.get(w);
            assertFalse(tool.annotations().readOnlyHint(), w);
            assertTrue(((List<?>) tool.inputSchema().get("required")).contains("reason"), w + " requires a reason");
        }
        assertTrue(tools.get("memory_delete").annotations().destructiveHint());
        assertFalse(tools.get("memory_remember").annotations().destructiveHint());
        assertTrue(tools.get("memory_remember").annotations().idempotentHint());
        assertTrue(tools.values().stream().allMatch(x -> x.description().length() > 60 && "object".equals(x.inputSchema().get("type"))));
    }

    @Test
    void promptsInitRememberAndForget() {
        assertEquals(Set.of("init", "remember", "forget"),
                client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).collect(Collectors.toSet()));
        McpSchema.GetPromptResult p = client.getPrompt(new McpSchema.GetPromptRequest("forget", Map.of("what", "the wrong port")));
        String text = ((McpSchema.TextContent) p.messages().get(0).content()).text();
        assertTrue(text.contains("memory_revert") && text.contains("the wrong port"), text);
    }

    @Test
    void readTools() throws Exception {
        McpSchema.CallToolResult context = call("memory_context");
        assertTrue(text(context).contains("projects/billing.md") && text(context).contains("## Skills"), text(context));
        assertTrue(text(call("memory_context", "format", "xml")).contains("<available_skills>"));
        assertEquals("How billing works", ok(call("memory_read", "path", "projects/billing")).get("description").asText());
        JsonNode list = ok(call("memory_list", "prefix", "projects/"));
        assertEquals("projects/billing.md", list.get("files").get(0).get("path").asText());
        JsonNode hits = ok(call("memory_search", "query", "card payments retried"));
        assertEquals("projects/billing.md", hits.get("hits").get(0).get("path").asText());
        assertEquals("deploy", ok(call("skill_list")).get("skills").get(0).get("name").asText());
        assertTrue(ok(call("skill_read", "name", "deploy")).get("body").asText().contains("make deploy"));
        JsonNode history = ok(call("memory_history", "path", "projects/billing.md"));
        assertEquals("setup", history.get("commits").get(0).get("reason").asText());
    }

    @Test
    void writesMakeTheCliCommitsWithTheClientAsAgentAndTheMcpSessionAsSession() throws Exception {
        JsonNode w = ok(call("memory_write", "path", "topics/ports", "description", "Ports in use", "body",
                "# Ports\n\n## Web\n\nThe web server listens on 8080.\n", "reason", "learned from the config"));
        assertEquals("write", w.get("op").asText());
        JsonNode c = lastCommit();
        assertEquals(w.get("commit").asText(), c.get("id").asText());
        assertEquals(CLIENT, c.get("agent").asText());
        assertEquals("learned from the config", c.get("reason").asText());
        String session = c.get("session").asText();
        assertFalse(session.isBlank());

        assertEquals("append", ok(call("memory_edit", "path", "topics/ports", "op", "append", "text", "Redis: 6379.", "reason", "r")).get("op").asText());
        ok(call("memory_edit", "path", "topics/ports", "op", "prepend", "text", "All ports are TCP.", "reason", "r"));
        ok(call("memory_edit", "path", "topics/ports", "op", "insert", "after_heading", "## Web", "text", "Behind nginx.", "reason", "r"));
        assertEquals("replace", ok(call("memory_edit", "path", "topics/ports", "op", "replace", "old", "8080", "text", "8081", "reason", "r"))
                .get("op").asText());
        String body = ok(call("memory_read", "path", "topics/ports")).get("body").asText();
        assertTrue(body.startsWith("All ports are TCP."), body);
        assertTrue(body.contains("## Web\nBehind nginx.") || body.contains("## Web\n\nBehind nginx.") || body.contains("Behind nginx."), body);
        assertTrue(body.contains("listens on 8081") && body.contains("Redis: 6379."), body);
        McpSchema.CallToolResult wrongCount = call("memory_edit", "path", "topics/ports", "op", "replace", "old", "TCP", "text", "UDP",
                "expected_count", 2, "reason", "r");
        assertTrue(wrongCount.isError(), () -> text(wrongCount));

        JsonNode r = ok(call("memory_remember", "fact", "Deploys happen on Tuesdays", "reason", "said in standup", "agent", "other-agent",
                "session", "s-42"));
        assertEquals("remember", r.get("op").asText());
        assertEquals("other-agent", lastCommit().get("agent").asText());
        assertEquals("s-42", lastCommit().get("session").asText());
        assertFalse(ok(call("memory_remember", "fact", "Deploys happen on Tuesdays", "reason", "again")).get("changed").asBoolean());

        assertEquals("mv", ok(call("memory_move", "from", "topics/ports.md", "to", "topics/network.md", "reason", "rename")).get("op").asText());
        JsonNode undone = ok(call("memory_revert", "target_session", session, "reason", "that session was wrong"));
        assertTrue(undone.get("changed").asBoolean(), undone::toString);
        assertEquals(6, undone.get("undone").size(), "write, four edits and the move (the refused replace made no commit)");
        assertTrue(call("memory_read", "path", "topics/network").isError(), "the whole session's writes are undone");
        ok(call("memory_write", "path", "topics/old", "description", "Stale notes", "body", "stale", "reason", "r", "session", "s-del"));
        assertEquals("forget", ok(call("memory_delete", "path", "topics/old", "reason", "obsolete")).get("op").asText());
        assertTrue(call("memory_read", "path", "topics/old").isError());
        JsonNode single = ok(call("memory_revert", "commit", r.get("commit").asText(), "reason", "not true"));
        assertTrue(single.get("changed").asBoolean());
        assertFalse(text(call("memory_context")).contains("Tuesdays"), "the reverted fact is gone from the context");
    }

    @Test
    void badArgumentsMissingFilesAndSecretsAreToolErrorsWithTheCliMessage() throws Exception {
        McpSchema.CallToolResult noReason = call("memory_remember", "fact", "x");
        assertTrue(noReason.isError(), () -> text(noReason));
        McpSchema.CallToolResult wrongType = call("memory_read", "path", 42);
        assertTrue(wrongType.isError(), () -> text(wrongType));
        McpSchema.CallToolResult missing = call("memory_read", "path", "nowhere/file");
        assertTrue(missing.isError());
        TestRepo.Run cli = t.ctx("show", "nowhere/file");
        assertEquals(cli.err().strip(), text(missing), "the CLI's own line");
        assertEquals("not_found", ((Map<?, ?>) ((Map<?, ?>) missing.structuredContent()).get("error")).get("kind"));
        String head = lastCommit().get("id").asText();
        String token = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";
        McpSchema.CallToolResult secret = call("memory_write", "path", "topics/creds", "body", "token " + token, "reason", "r");
        assertTrue(secret.isError(), () -> text(secret));
        assertEquals("refused", ((Map<?, ?>) ((Map<?, ?>) secret.structuredContent()).get("error")).get("kind"));
        assertFalse(text(secret).contains(token), "the secret is not echoed");
        assertEquals(head, lastCommit().get("id").asText(), "nothing committed");
        assertNotNull(ok(call("memory_list")), "the server still answers");
    }

    @Test
    void theServerSeesCliWritesAtOnceAndSurvivesARacingWriter() throws Exception {
        assertEquals(0, t.ctx("remember", "fact from the CLI", "--reason", "cli").exit());
        assertTrue(ok(call("memory_read", "path", "system/notes")).get("body").asText().contains("fact from the CLI"));

        Process writer = t.start(WriterProcess.class, ProcessBuilder.Redirect.DISCARD, repo.toString(), "racer", "30");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String fact = "mcp fact " + i;
            JsonNode r = ok(call("memory_remember", "fact", fact, "block", "shared/mcp", "reason", "race"));
            assertTrue(r.get("changed").asBoolean());
            mine.add(fact);
        }
        List<String> racer = TestRepo.lines(writer);
        assertEquals(0, writer.waitFor());
        assertEquals(30, racer.stream().filter(l -> l.startsWith("OK ")).count(), racer::toString);
        String body = ok(call("memory_read", "path", "shared/mcp")).get("body").asText();
        for (String f : mine) {
            assertTrue(body.contains(f), f);
        }
        assertTrue(ok(call("memory_read", "path", "shared/facts")).get("body").asText().contains("fact racer-0"));
    }
}
