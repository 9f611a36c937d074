package dev.ctx.model;

import java.util.Locale;

/** What {@code ctx import --format} reads (docs/import.md). */
public enum ImportFormat {
    /** Decide from the file name, or for a folder from what it holds. */
    AUTO("auto"),
    /** Claude Code's {@code CLAUDE.md}, with its {@code @path} imports. */
    CLAUDE_MD("claude-md"),
    /** {@code AGENTS.md} (Codex and others), nested ones kept apart by folder. */
    AGENTS_MD("agents-md"),
    /** A Letta agent file ({@code .af}): the current, the legacy and the double-encoded shapes. */
    LETTA_AF("letta-af"),
    /** A Letta Code memory repository (a git repository in ctx's layout), adopted with its history. */
    LETTA_MEMFS("letta-memfs");

    private final String label;

    ImportFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ImportFormat parse(String text) {
        for (ImportFormat f : values()) {
            if (f.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown import format '" + text + "' (expected auto, claude-md, agents-md, letta-af, letta-memfs)");
    }
}
