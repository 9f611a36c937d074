package dev.ctx.model;

import java.util.Locale;

/** Which imported blocks go to {@code system/} (always in context) and which stay on demand (docs/import.md). */
public enum ImportPin {
    /** The documented rule of each format: short instruction sections; Letta's persona and human blocks. */
    AUTO,
    /** Every imported block pinned under system/. */
    ALL,
    /** Every imported block on demand. */
    NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportPin parse(String text) {
        for (ImportPin p : values()) {
            if (p.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown --pin value '" + text + "' (expected auto, all or none)");
    }
}
