package dev.ctx.model;

import java.util.Locale;

/** The transcript formats {@code ctx recall ingest --format} accepts. */
public enum TranscriptFormat {
    /** Decide from the file name and content. */
    AUTO,
    /** Claude Code session JSONL ({@code ~/.claude/projects/<project>/<session>.jsonl}, v1.0 and v2.1). */
    CLAUDE,
    /** Codex CLI rollout JSONL ({@code ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl}). */
    CODEX,
    /** A Letta agent file ({@code .af}). */
    LETTA,
    /** A conversation written as markdown. */
    MARKDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TranscriptFormat parse(String text) {
        for (TranscriptFormat f : values()) {
            if (f.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown transcript format '" + text + "' (expected auto, claude, codex, letta, markdown)");
    }
}
