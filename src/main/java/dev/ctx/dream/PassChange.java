package dev.ctx.dream;

import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one pass wants: new text per path (empty: delete), a subject, why, one line per change (the commit
 * message's body), and every fact it removes named as a duplicate (with where it lives now) or superseded
 * (with where it went), which the no-fact-lost check accepts.
 */
public record PassChange(String summary, String why, Map<RepoPath, Optional<String>> files, List<String> details, List<Removal> removals) {

    /** A fact taken out of {@code from}: a duplicate of the one kept in {@code where}, or superseded and moved to {@code where}. */
    public record Removal(String kind, String fact, String from, String where) {
        public static final String DUPLICATE = "duplicate";
        public static final String SUPERSEDED = "superseded";

        /** The line of the commit message the check reads back. */
        public String line() {
            return "- " + kind + " in " + from + ", " + (kind.equals(DUPLICATE) ? "kept in " : "moved to ") + where + ": " + fact;
        }
    }

    public PassChange {
        files = new LinkedHashMap<>(files);
        details = List.copyOf(details);
        removals = List.copyOf(removals);
    }

    public static PassChange none() {
        return new PassChange("", "", Map.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The commit message body: why, then one line per change, then the removals the check reads back. */
    public String body() {
        List<String> lines = new ArrayList<>();
        if (!why.isBlank()) {
            lines.add(why);
            lines.add("");
        }
        lines.addAll(details);
        for (Removal r : removals) {
            lines.add(r.line());
        }
        return String.join("\n", lines);
    }

    /** A mutable builder, since passes collect edits file by file. */
    static final class Builder {
        final Map<RepoPath, Optional<String>> files = new LinkedHashMap<>();
        final List<String> details = new ArrayList<>();
        final List<Removal> removals = new ArrayList<>();

        void put(RepoPath p, String text) {
            files.put(p, Optional.of(text));
        }

        void delete(RepoPath p) {
            files.put(p, Optional.empty());
        }

        PassChange build(String summary, String why) {
            return files.isEmpty() ? none() : new PassChange(summary, why, files, details, removals);
        }
    }
}
