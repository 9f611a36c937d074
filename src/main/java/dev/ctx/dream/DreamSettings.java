package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.CtxException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code dream:} section of ctx.yaml: the model endpoint (an OpenAI-compatible chat API), the agent
 * command's time limit, and the rule of {@code --if-due}. Every key has a default but the model's url.
 */
record DreamSettings(URI modelUrl, String modelName, String apiKeyEnv, Duration modelTimeout, int maxInputChars,
                     Duration agentTimeout, int dueAfterCommits) {

    static DreamSettings of(CtxConfig config) throws CtxException {
        Map<String, Object> d = config.section("dream");
        Map<String, Object> m = map(d.get("model"));
        URI url = null;
        Object u = m.get("url");
        if (u != null) {
            try {
                url = URI.create(u.toString().strip());
            } catch (IllegalArgumentException e) {
                throw CtxException.refused("ctx.yaml dream.model.url is not a URL (" + u + "); give the endpoint's base, e.g. http://localhost:11434/v1");
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw CtxException.refused("ctx.yaml dream.model.url must be http or https, not " + url.getScheme());
            }
        }
        return new DreamSettings(url, string(m.get("model"), "default"), string(m.get("api_key_env"), null),
                Duration.ofSeconds(number(m.get("timeout_seconds"), 300)), number(m.get("max_input_chars"), 60_000),
                Duration.ofSeconds(number(map(d.get("agent")).get("timeout_seconds"), 1800)), number(d.get("due_after_commits"), 20));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static String string(Object o, String fallback) {
        return o == null || o.toString().isBlank() ? fallback : o.toString().strip();
    }

    private static int number(Object o, int fallback) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? fallback : Integer.parseInt(o.toString().strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
