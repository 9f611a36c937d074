package dev.ctx.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw protocol on a spawned {@code ctx mcp}: every stdout line is a JSON-RPC message (diagnostics go to
 * stderr), and the process ends by itself when the client closes stdin.
 */
class McpStdoutTest {
    @TempDir
    Path tmp;

    @Test
    void stdoutCarriesOnlyTheProtocolAndTheServerEndsWithStdin() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path repo = t.dir.resolve("r");
        assertEquals(0, t.ctx("init", repo.toString()).exit());
        Process p = t.process(t.dir, "mcp", "--repo", repo.toString());
        List<String> lines = new ArrayList<>();
        try (OutputStream in = p.getOutputStream();
                java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String msgs = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"memory_remember\","
                    + "\"arguments\":{\"fact\":\"raw fact\",\"reason\":\"raw\"}}}\n";
            in.write(msgs.getBytes(StandardCharsets.UTF_8));
            in.flush();
            // both answers, then close stdin (a request still in flight when stdin closes is not answered: the SDK's
            // stdio transport ends the session at end of input)
            lines.add(out.readLine());
            lines.add(out.readLine());
            in.close();
            for (String l; (l = out.readLine()) != null; ) {
                lines.add(l);
            }
        }
        assertEquals(0, p.waitFor(), "the server ends when stdin closes");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> messages = new ArrayList<>();
        for (String l : lines) {
            messages.add(json.readTree(l));
        }
        assertEquals(2, messages.size(), lines::toString);
        assertTrue(messages.stream().allMatch(m -> "2.0".equals(m.get("jsonrpc").asText())));
        assertEquals("ctx", messages.get(0).get("result").get("serverInfo").get("name").asText());
        assertTrue(messages.get(1).get("result").get("content").get(0).get("text").asText().contains("\"changed\":true"));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("ctx mcp: serving"), err);
        assertTrue(t.ctx("show", "system/notes", "--repo", repo.toString()).out().contains("raw fact"));
    }
}
