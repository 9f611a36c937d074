package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a tiny HTTP server on 127.0.0.1 speaking the OpenAI embeddings API; never the internet. */
class OpenAiEmbedderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path cache;
    private HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> auth = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private volatile String errorBody = "";
    private volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode req = JSON.readTree(ex.getRequestBody());
        requests.add(req);
        auth.add(ex.getRequestHeaders().getFirst("Authorization"));
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out;
        if (status != 200) {
            out = errorBody.getBytes(StandardCharsets.UTF_8);
        } else {
            StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
            JsonNode input = req.get("input");
            // answered in reverse order: the client must honour "index"
            for (int i = input.size() - 1; i >= 0; i--) {
                float[] v = FakeEmbedder.vector(input.get(i).asText(), 3);
                sb.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[")
                        .append(v[0] * 2).append(',').append(v[1] * 2).append(',').append(v[2] * 2).append("]}");
                sb.append(i > 0 ? "," : "");
            }
            out = sb.append("],\"model\":\"m\"}").toString().getBytes(StandardCharsets.UTF_8);
        }
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Test
    void batchesAndKeepsOrderAndNormalises() throws Exception {
        OpenAiEmbedder e = new OpenAiEmbedder(base(), "nomic-embed-text", null, null, 4, Duration.ofSeconds(5));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            texts.add("text " + i);
        }
        List<float[]> out = e.embedPassages(texts);
        assertEquals(10, out.size());
        assertEquals(3, requests.size(), "10 texts in batches of 4");
        assertEquals(4, requests.get(0).get("input").size());
        assertEquals(2, requests.get(2).get("input").size());
        assertEquals("nomic-embed-text", requests.get(0).get("model").asText());
        assertTrue(requests.get(0).path("dimensions").isMissingNode(), "dimensions only when configured");
        for (int i = 0; i < 10; i++) {
            float[] expected = FakeEmbedder.vector("text " + i, 3);
            assertEquals(1.0, Vectors.dot(out.get(i), expected), 1e-5, "vector " + i + " in order and normalised");
        }
        assertEquals(3, e.dimensions());
        assertEquals("openai:nomic-embed-text", e.modelId());
        assertNull(auth.get(0));
    }

    @Test
    void sendsTheKeyFromTheNamedVariableAndAsksForDimensions() throws Exception {
        var config = dev.ctx.format.CtxConfig.parse("""
                format: 1
                search:
                  embeddings:
                    provider: openai
                    url: %s
                    model: text-embedding-3-small
                    api_key_env: MY_EMBED_KEY
                    dimensions: 3
                    batch_size: 2
                """.formatted(base()));
        var resolved = Embedders.resolve(config, cache, java.util.Map.of("MY_EMBED_KEY", "sk-test"));
        try (var e = resolved.embedder().orElseThrow()) {
            assertEquals("openai:text-embedding-3-small:3", e.modelId());
            assertEquals(3, e.dimensions());
            e.embedQuery("hello");
        }
        assertEquals("Bearer sk-test", auth.get(0));
        assertEquals(3, requests.get(0).get("dimensions").asInt());
    }

    @Test
    void anErrorStatusIsOneClearLine() {
        status = 401;
        errorBody = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}";
        OpenAiEmbedder e = new OpenAiEmbedder(base(), "m", "bad", 3, 8, Duration.ofSeconds(5));
        CtxException ex = assertThrows(CtxException.class, () -> e.embedQuery("x"));
        assertEquals(Problem.IO, ex.problem());
        assertTrue(ex.getMessage().contains("answered 401: Incorrect API key provided"), ex.getMessage());
        assertTrue(ex.getMessage().contains("api_key_env"), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"));
    }

    @Test
    void aServerErrorWithAPlainBodyIsReported() {
        status = 500;
        errorBody = "model not loaded";
        OpenAiEmbedder e = new OpenAiEmbedder(base() + "/embeddings", "m", null, 3, 8, Duration.ofSeconds(5));
        CtxException ex = assertThrows(CtxException.class, () -> e.embedPassages(List.of("a")));
        assertTrue(ex.getMessage().endsWith("answered 500: model not loaded"), ex.getMessage());
    }

    @Test
    void aSlowServerTimesOut() {
        delayMillis = 1000;
        OpenAiEmbedder e = new OpenAiEmbedder(base(), "m", null, 3, 8, Duration.ofMillis(200));
        CtxException ex = assertThrows(CtxException.class, () -> e.embedQuery("x"));
        assertTrue(ex.getMessage().contains("did not answer within"), ex.getMessage());
    }

    @Test
    void aDeadServerIsUnreachable() {
        String url = base();
        server.stop(0);
        OpenAiEmbedder e = new OpenAiEmbedder(url, "m", null, 3, 8, Duration.ofSeconds(2));
        CtxException ex = assertThrows(CtxException.class, () -> e.embedQuery("x"));
        assertTrue(ex.getMessage().startsWith("cannot reach embedding endpoint http://127.0.0.1:"), ex.getMessage());
    }

    @Test
    void aWrongCountIsRefused() {
        OpenAiEmbedder e = new OpenAiEmbedder(base(), "m", null, 5, 8, Duration.ofSeconds(5));
        CtxException ex = assertThrows(CtxException.class, () -> e.embedQuery("x"));
        assertTrue(ex.getMessage().contains("answered 3-dim vectors, expected 5"), ex.getMessage());
    }
}
