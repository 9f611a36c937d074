package dev.ctx.app;

import java.util.Map;

/**
 * A file as committed at some revision: its path (a skill folder resolves to its SKILL.md), the commit it
 * was read from and its text; parsed into description, front-matter and body, or, when the front-matter
 * cannot be parsed, the whole text as body and the reason in {@code formatError}.
 */
public record Shown(String path, String commit, String text, String description, Map<String, Object> frontMatter, String body,
                    String formatError) {
    public boolean parsed() {
        return formatError == null;
    }
}
