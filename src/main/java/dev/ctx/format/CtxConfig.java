package dev.ctx.format;

import dev.ctx.model.RepoPath;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The settings of a context repository, read from its {@code ctx.yaml}. Every setting has a default so
 * a minimal {@code format: 1} file works; {@link #raw()} keeps the whole document so later areas
 * (search, embeddings, dreaming) read their own sections without this class knowing them.
 */
public record CtxConfig(
        int format,
        int defaultLimit,
        int maxDepth,
        long maxFileBytes,
        int systemBudgetChars,
        int systemBudgetTokens,
        List<GlobLimit> overrides,
        RepoPath rememberDefault,
        Map<String, Object> raw) {

    public static final String FILE = "ctx.yaml";
    public static final int FORMAT = 1;

    /** A per-glob body limit; the first matching glob wins. */
    public record GlobLimit(String glob, int limit) {
        public boolean matches(RepoPath path) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return m.matches(Path.of(path.value()));
        }
    }

    public CtxConfig {
        overrides = List.copyOf(overrides);
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    public static CtxConfig defaults() {
        return new CtxConfig(FORMAT, 5000, 6, 1024 * 1024, 20000, 5000,
                List.of(new GlobLimit("recall/**", 400_000)), RepoPath.of("system/notes.md"), Map.of());
    }

    /** The default of {@code limits.max_binary_bytes}: 1 MiB, room for an icon, a font or a small archive. */
    public static final int DEFAULT_MAX_BINARY_BYTES = 1024 * 1024;

    /**
     * The largest binary file (an image, a font, an archive) a skill's folder may hold, {@code limits.max_binary_bytes}.
     * Read from {@link #raw()} (validated by {@link #parse}): memory files are text and never meet it.
     */
    public long maxBinaryBytes() {
        return map(raw.get("limits")).get("max_binary_bytes") instanceof Integer i ? i : DEFAULT_MAX_BINARY_BYTES;
    }

    /** The body limit for a file: its own {@code limit}, else the first matching override, else the default. */
    public int limitFor(RepoPath path, Integer own) {
        if (own != null) {
            return own;
        }
        for (GlobLimit g : overrides) {
            if (g.matches(path)) {
                return g.limit();
            }
        }
        return defaultLimit;
    }

    /** Estimated tokens of a text: the usual four characters per token for English prose and code. */
    public static int estimateTokens(int chars) {
        return (chars + 3) / 4;
    }

    /** A section of the raw document as a map (empty when absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String name) {
        Object v = raw.get(name);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    public static CtxConfig parse(String text) throws FormatException {
        Object loaded;
        try {
            loaded = SafeYaml.typed().load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new FormatException(line, "config-yaml", "invalid YAML in ctx.yaml: " + Document.oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new FormatException(1, "config-yaml", "ctx.yaml refused: " + Document.oneLine(e.getMessage()));
        }
        if (!(loaded instanceof Map<?, ?> m)) {
            throw new FormatException(1, "config-yaml", "ctx.yaml must be a mapping with at least 'format: 1'");
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        m.forEach((k, v) -> raw.put(String.valueOf(k), v));
        CtxConfig d = defaults();
        Object f = raw.get("format");
        if (!(f instanceof Integer fi)) {
            throw new FormatException(1, "config-format", "ctx.yaml has no 'format: 1'; this ctx reads format version 1");
        }
        if (fi != FORMAT) {
            throw new FormatException(1, "config-format", "ctx.yaml declares format " + fi + " but this ctx reads format version 1; upgrade ctx");
        }
        Map<String, Object> limits = map(raw.get("limits"));
        Map<String, Object> system = map(raw.get("system"));
        Map<String, Object> remember = map(raw.get("remember"));
        List<GlobLimit> overrides = new ArrayList<>();
        Object ov = limits.get("overrides");
        if (ov instanceof Map<?, ?> om) {
            for (Map.Entry<?, ?> e : om.entrySet()) {
                overrides.add(new GlobLimit(String.valueOf(e.getKey()), intValue(e.getValue(), "limits.overrides." + e.getKey(), 0)));
            }
        } else if (ov == null) {
            overrides.addAll(d.overrides());
        }
        RepoPath rememberPath = d.rememberDefault();
        if (remember.get("default") instanceof String s) {
            try {
                rememberPath = RepoPath.parse(s, true);
            } catch (IllegalArgumentException e) {
                throw new FormatException(1, "config-value", "ctx.yaml remember.default: " + e.getMessage());
            }
        }
        intValue(limits.getOrDefault("max_binary_bytes", DEFAULT_MAX_BINARY_BYTES), "limits.max_binary_bytes", 1);
        return new CtxConfig(FORMAT,
                intValue(limits.getOrDefault("default", d.defaultLimit()), "limits.default", 1),
                intValue(limits.getOrDefault("max_depth", d.maxDepth()), "limits.max_depth", 1),
                intValue(limits.getOrDefault("max_file_bytes", (int) d.maxFileBytes()), "limits.max_file_bytes", 1),
                intValue(system.getOrDefault("budget_chars", d.systemBudgetChars()), "system.budget_chars", 1),
                intValue(system.getOrDefault("budget_tokens", d.systemBudgetTokens()), "system.budget_tokens", 1),
                overrides, rememberPath, raw);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static int intValue(Object o, String key, int min) throws FormatException {
        if (o instanceof Integer i && i >= min) {
            return i;
        }
        throw new FormatException(1, "config-value", "ctx.yaml " + key + " must be a whole number of at least " + min + ", not '" + o + "'");
    }

    /** The ctx.yaml that {@code ctx init} writes: every setting spelled out with its default. */
    public static String starterText() {
        return """
                # Settings of this context repository (ctx format version 1).
                # Reviewed like code: agent operations never change this file.
                format: 1
                limits:
                  default: 5000            # maximum characters of a memory file's body
                  max_depth: 6             # maximum folder depth of a memory file
                  max_file_bytes: 1048576  # files larger than this are refused
                  overrides:               # per-glob body limits; the first match wins
                    "recall/**": 400000
                system:                    # the always-loaded context: every file under system/
                  budget_chars: 20000
                  budget_tokens: 5000      # estimated as characters / 4
                remember:
                  default: system/notes.md # where `ctx remember` appends without --in
                search:
                  embeddings:
                    provider: builtin      # builtin (offline, inside ctx) | openai (any compatible endpoint) | none
                  window_vectors: derived  # a chunk's second vector, read with its neighbours: derived | embedded | off
                  embed_in_background: true  # searches leave new text's vectors to a background process
                  min_word_share: 0.3      # a hit with this share of the query's word weight is kept (rare words weigh more)
                  noise_margin: 0.05       # else its similarity must beat the query's similarity to unrelated text by this (off: no test)
                  min_similarity: 0.78     # and be at least this embedding similarity
                  hub_margin: 0.045        # or beat the mean of the query's and its own text's similarity to unrelated text by this (off: no test)
                """;
    }
}
