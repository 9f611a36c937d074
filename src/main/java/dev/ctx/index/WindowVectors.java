package dev.ctx.index;

import java.util.Locale;

/**
 * The second vector each chunk gets besides its own: the chunk read in its window (the chunks before and
 * after it in the same file), so a turn like "yes, let's do that" is found by what it answers. A chunk's
 * dense score is the mean of the query's cosines with the two; the index searches their mean vector.
 * Set by {@code search.window_vectors} in ctx.yaml.
 */
public enum WindowVectors {
    /** One vector per chunk. */
    OFF(""),
    /**
     * The default: the normalised sum of the chunk's own vector and its neighbours'. No extra model call,
     * so the index costs one embedding per chunk (LoCoMo hybrid R@10 76.9, against 75.6 without a window).
     */
    DERIVED("+mean"),
    /**
     * The window's text embedded as a passage of its own: the best recall (LoCoMo hybrid R@10 78.4), for
     * about 3.8 times the embedding work, since each window is three chunks long.
     */
    EMBEDDED("+window");

    private final String suffix;

    WindowVectors(String suffix) {
        this.suffix = suffix;
    }

    /** Appended to the model id the index records: changing the setting rebuilds the vectors. */
    public String suffix() {
        return suffix;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the ctx.yaml value: {@code derived}, {@code embedded} or {@code off}; {@code true} and
     * {@code false} mean the default and off. Null is the default.
     */
    public static WindowVectors parse(Object value) {
        if (value == null || Boolean.TRUE.equals(value)) {
            return DERIVED;
        }
        if (Boolean.FALSE.equals(value)) {
            return OFF;
        }
        String v = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        for (WindowVectors w : values()) {
            if (w.label().equals(v)) {
                return w;
            }
        }
        throw new IllegalArgumentException("ctx.yaml search.window_vectors is '" + value + "'; use derived, embedded or off");
    }
}
