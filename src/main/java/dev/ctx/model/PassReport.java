package dev.ctx.model;

import java.util.List;

/**
 * One pass of a dream: its name, what became of it, its commit on the proposal branch (null when it
 * changed nothing or failed before committing), a one-line summary, the reason it was dropped or failed,
 * and the parts of it that were dropped while the rest landed (a model's bad edits).
 */
public record PassReport(String pass, Status status, String commit, String summary, String reason, List<String> dropped) {
    public enum Status { APPLIED, PARTLY_APPLIED, NOTHING, DROPPED, FAILED, SKIPPED }

    public PassReport {
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }
}
