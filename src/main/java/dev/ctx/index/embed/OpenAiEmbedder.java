package dev.ctx.index.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Any OpenAI-compatible {@code /v1/embeddings} endpoint: OpenAI, Ollama, vLLM, LM Studio, llama.cpp.
 * Sends texts in batches, re-normalises what comes back (not every server does), and turns every
 * failure into one line naming the endpoint and what to check. Texts are sent as they are: asymmetric
 * prefixes are the server's model's business.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Integer requestedDimensions;
    private final int batchSize;
    private final Duration timeout;
    private final HttpClient http;
    private volatile int dimensions;

    /**
     * @param url        base ({@code http://localhost:11434/v1}) or full ({@code .../v1/embeddings}) address
     * @param apiKey     sent as a bearer token; null for servers that need none
     * @param dimensions asked of the server (OpenAI text-embedding-3 shortens); null to take the model's own
     */
    public OpenAiEmbedder(String url, String model, String apiKey, Integer dimensions, int batchSize, Duration timeout) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("an embeddings endpoint needs a model name (search.embeddings.model)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("search.embeddings.batch_size must be at least 1");
        }
        this.endpoint = endpoint(url);
        this.model = model;
        this.apiKey = apiKey;
        this.requestedDimensions = dimensions;
        this.dimensions = dimensions == null ? 0 : dimensions;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(10, timeout.toSeconds() + 1)))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    static URI endpoint(String url) {
        String u = url.strip().replaceAll("/+$", "");
        if (!u.endsWith("/embeddings")) {
            u = u + "/embeddings";
        }
        URI uri = URI.create(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("search.embeddings.url must start with http:// or https://, not '" + url + "'");
        }
        return uri;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The model name, and the dimensions asked for, since the server's answer depends on both. */
    @Override
    public String modelId() {
        return "openai:" + model + (requestedDimensions == null ? "" : ":" + requestedDimensions);
    }

    /**
     * The configured dimensions; without them one request learns the model's. That request can fail:
     * configure {@code dimensions} to avoid it.
     */
    @Override
    public int dimensions() {
        if (dimensions == 0) {
            try {
                embedQuery("dimensions");
            } catch (CtxException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return dimensions;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) throws CtxException {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            out.addAll(request(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) throws CtxException {
        return request(List.of(text)).get(0);
    }

    private List<float[]> request(List<String> texts) throws CtxException {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        if (requestedDimensions != null) {
            body.put("dimensions", requestedDimensions);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) {
            req.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> res = send(req.build());
        if (res.statusCode() / 100 != 2) {
            throw CtxException.io("embedding endpoint " + endpoint + " answered " + res.statusCode() + ": " + reason(res.body())
                    + (res.statusCode() == 401 || res.statusCode() == 403 ? " (check the key in search.embeddings.api_key_env)" : ""), null);
        }
        return parse(res.body(), texts.size());
    }

    private HttpResponse<String> send(HttpRequest req) throws CtxException {
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 429 || res.statusCode() == 503) {
                // Busy or rate limited: one retry after a pause is worth it; a second refusal is reported.
                Thread.sleep(1000);
                res = http.send(req, HttpResponse.BodyHandlers.ofString());
            }
            return res;
        } catch (HttpTimeoutException e) {
            throw CtxException.io("embedding endpoint " + endpoint + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw CtxException.io("cannot reach embedding endpoint " + endpoint + " (is the server running?)", e);
        } catch (IOException e) {
            throw CtxException.io("embedding endpoint " + endpoint + " failed: " + BuiltinEmbedder.oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtxException.io("interrupted while waiting for embedding endpoint " + endpoint, e);
        }
    }

    private List<float[]> parse(String body, int expected) throws CtxException {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw CtxException.io("embedding endpoint " + endpoint + " answered with something that is not JSON", e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw CtxException.io("embedding endpoint " + endpoint + " answered " + (data.isArray() ? data.size() : 0)
                    + " embeddings for " + expected + " texts; is it an OpenAI-compatible /v1/embeddings?", null);
        }
        float[][] out = new float[expected][];
        for (int i = 0; i < expected; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode emb = item.path("embedding");
            if (index < 0 || index >= expected || out[index] != null || !emb.isArray() || emb.isEmpty()) {
                throw CtxException.io("embedding endpoint " + endpoint + " answered a malformed embedding list", null);
            }
            float[] v = new float[emb.size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) emb.get(d).asDouble();
            }
            if (dimensions == 0) {
                dimensions = v.length;
            } else if (v.length != dimensions) {
                throw CtxException.io("embedding endpoint " + endpoint + " answered " + v.length + "-dim vectors, expected "
                        + dimensions + " (search.embeddings.dimensions)", null);
            }
            out[index] = Vectors.normalize(v);
        }
        return List.of(out);
    }

    private static String reason(String body) {
        try {
            JsonNode err = JSON.readTree(body).path("error");
            String m = err.isTextual() ? err.asText() : err.path("message").asText("");
            if (!m.isBlank()) {
                return m.replaceAll("\\s+", " ").trim();
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw body
        }
        String raw = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return raw.isEmpty() ? "no details" : raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
    }
}
