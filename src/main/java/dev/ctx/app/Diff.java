package dev.ctx.app;

import dev.ctx.model.FileDiff;
import java.util.List;

/** Memory changes between two commits, or ({@code from} and {@code to} null) of the working tree against the tip. */
public record Diff(String from, String to, List<FileDiff> diffs) {
    public Diff {
        diffs = List.copyOf(diffs);
    }

    public boolean workTree() {
        return to == null;
    }
}
