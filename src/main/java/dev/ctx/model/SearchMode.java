package dev.ctx.model;

import java.util.Locale;

/** How a query is matched: words (BM25), meaning (vectors), or both fused. */
public enum SearchMode {
    BM25, VECTOR, HYBRID;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SearchMode parse(String text) {
        for (SearchMode m : values()) {
            if (m.label().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown search mode '" + text + "' (expected bm25, vector or hybrid)");
    }
}
