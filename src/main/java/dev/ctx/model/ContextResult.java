package dev.ctx.model;

import java.util.List;

/**
 * The rendered context and its accounting: every part with its estimated tokens, whether it was included or cut
 * to fit {@code budgetTokens}, and the total of what was included.
 */
public record ContextResult(String commit, ContextFormat format, int budgetTokens, int tokens, List<Part> parts, String text) {
    public ContextResult {
        parts = List.copyOf(parts);
    }

    /** One part: its section (system, memory, skills, relevant), what it is (a path), its token estimate, kept or cut. */
    public record Part(String section, String path, int tokens, boolean included) {
    }

    public List<Part> cut() {
        return parts.stream().filter(p -> !p.included()).toList();
    }
}
