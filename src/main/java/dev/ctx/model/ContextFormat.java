package dev.ctx.model;

import java.util.Locale;

/** The three renderings of the context: markdown for people and most agents, XML-tagged text, JSON for programs. */
public enum ContextFormat {
    MD, XML, JSON;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContextFormat parse(String text) {
        for (ContextFormat f : values()) {
            if (f.label().equals(text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown context format '" + text + "' (expected md, xml or json)");
    }
}
