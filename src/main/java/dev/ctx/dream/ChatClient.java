package dev.ctx.dream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client of an OpenAI-compatible chat completions endpoint ({@code POST {url}/chat/completions}): one request, the reply's text. */
final class ChatClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;

    ChatClient(URI base, String model, String apiKey, Duration timeout) {
        String b = base.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(b.endsWith("/chat/completions") ? b : b + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** The content of the first choice's message; IO when the endpoint cannot be reached or answers an error. */
    String complete(String system, String user) throws CtxException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        body.putObject("response_format").put("type", "json_object");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (apiKey != null && !apiKey.isBlank()) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> res;
        try {
            res = client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot reach the model at " + endpoint + ": " + e.getMessage() + "; check ctx.yaml dream.model.url", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while waiting for the model at " + endpoint, e);
        }
        if (res.statusCode() / 100 != 2) {
            throw new CtxException(Problem.IO, "the model at " + endpoint + " answered HTTP " + res.statusCode() + ": " + cut(res.body()));
        }
        try {
            JsonNode content = JSON.readTree(res.body()).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new CtxException(Problem.IO, "the model's reply has no choices[0].message.content: " + cut(res.body()));
            }
            return content.asText();
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "the model's reply is not JSON: " + cut(res.body()), e);
        }
    }

    private static String cut(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() <= 200 ? t : t.substring(0, 199) + "…";
    }
}
