package dev.ctx.index.embed;

import dev.ctx.format.CtxConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code search.embeddings} section of ctx.yaml, with defaults:
 * <pre>
 * search:
 *   embeddings:
 *     provider: builtin        # builtin | openai | none
 *     model: nomic-embed-text  # openai only: the endpoint's model name
 *     url: http://localhost:11434/v1   # openai only (default https://api.openai.com/v1)
 *     api_key_env: OPENAI_API_KEY      # openai only: the variable holding the key; the key is never stored
 *     dimensions: 256          # openai only, optional: ask the endpoint for shorter vectors
 *     batch_size: 64           # texts per request
 *     timeout_seconds: 60      # openai only: per request
 *     warm: true               # builtin only: reuse a warm embedding process
 *     warm_idle_seconds: 600   # the warm process exits after this long unused
 * </pre>
 */
public record EmbeddingSettings(Provider provider, String model, String url, String apiKeyEnv, Integer dimensions,
                                int batchSize, Duration timeout, boolean warm, Duration warmIdle) {

    public enum Provider { BUILTIN, OPENAI, NONE }

    public static final String DEFAULT_URL = "https://api.openai.com/v1";

    /** Reads the section; a value that makes no sense is an {@link IllegalArgumentException} naming the key. */
    public static EmbeddingSettings from(CtxConfig config) {
        Object e = config.section("search").get("embeddings");
        Map<?, ?> m = e instanceof Map<?, ?> map ? map : Map.of();
        String p = string(m, "provider", "builtin").toLowerCase(Locale.ROOT);
        Provider provider = switch (p) {
            case "builtin" -> Provider.BUILTIN;
            case "openai" -> Provider.OPENAI;
            case "none" -> Provider.NONE;
            default -> throw new IllegalArgumentException("ctx.yaml search.embeddings.provider is '" + p + "'; use builtin, openai or none");
        };
        Integer dims = m.get("dimensions") == null ? null : number(m, "dimensions", 0);
        return new EmbeddingSettings(provider, string(m, "model", null), string(m, "url", DEFAULT_URL),
                string(m, "api_key_env", null), dims, number(m, "batch_size", 64),
                Duration.ofSeconds(number(m, "timeout_seconds", 60)), bool(m, "warm", true),
                Duration.ofSeconds(number(m, "warm_idle_seconds", 600)));
    }

    private static String string(Map<?, ?> m, String key, String otherwise) {
        Object v = m.get(key);
        return v == null ? otherwise : String.valueOf(v).strip();
    }

    private static int number(Map<?, ?> m, String key, int otherwise) {
        Object v = m.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Integer i && i >= 1) {
            return i;
        }
        throw new IllegalArgumentException("ctx.yaml search.embeddings." + key + " must be a whole number of at least 1, not '" + v + "'");
    }

    private static boolean bool(Map<?, ?> m, String key, boolean otherwise) {
        Object v = m.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("ctx.yaml search.embeddings." + key + " must be true or false, not '" + v + "'");
    }
}
