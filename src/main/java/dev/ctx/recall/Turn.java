package dev.ctx.recall;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One message of a transcript, condensed: what a person or agent said, a one-line summary of a tool call,
 * or a truncated tool result.
 *
 * @param id   stable across re-ingests and unique within its session: the record's uuid where the format
 *             has one, otherwise a content hash (see {@link TurnIds})
 * @param role one of {@code user}, {@code assistant}, {@code tool}, {@code system}
 * @param time when it was said, or null when the format does not say
 * @param text the condensed text, never blank
 * @param answers for a tool result, the call(s) it answers as their one-line summaries ({@code tool Bash: mix
 *                phx.server}), so the result reads, and is found, with what was run; null otherwise. Not part of
 *                the turn's id: a session ingested before this existed gets no duplicate turns.
 */
public record Turn(String id, String role, Instant time, String text, String answers) {
    public static final Set<String> ROLES = Set.of("user", "assistant", "tool", "system");
    /** First line of a system turn that holds a compaction summary (the model's summary of earlier turns). */
    public static final String COMPACTION_MARK = "[compaction summary]";
    /** First line of a turn that a subagent (Claude Code sidechain) said inside its parent's transcript. */
    public static final String SUBAGENT_MARK = "[subagent]";

    public Turn(String id, String role, Instant time, String text) {
        this(id, role, time, text, null);
    }

    public Turn {
        answers = answers == null || answers.isBlank() ? null : answers.strip();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        if (!TurnIds.isValid(id)) {
            throw new IllegalArgumentException("turn id must be 1-80 chars of [A-Za-z0-9._-]: '" + id + "'");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (expected user, assistant, tool, system)");
        }
    }
}
