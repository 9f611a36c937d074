package dev.ctx.model;

import java.util.List;

/**
 * How a dream ended: one of a closed set. Every outcome but {@link NoChanges} leaves the proposal branch
 * ({@code ctx/dream/<id>}) in place; the worktree is always removed.
 */
public sealed interface DreamOutcome {
    String id();

    /** The name printed and written in JSON: merged, kept-for-review, no-changes, conflict, failed. */
    String kind();

    /** Landed on the main branch: {@code how} is fast-forward or merge-commit, {@code commit} the new tip. */
    record Merged(String id, String how, String commit) implements DreamOutcome {
        public String kind() {
            return "merged";
        }
    }

    /** The branch stays for a person to review ({@code pushedTo}: the remote it was pushed to, or null). */
    record KeptForReview(String id, String branch, String pushedTo) implements DreamOutcome {
        public String kind() {
            return "kept-for-review";
        }
    }

    record NoChanges(String id) implements DreamOutcome {
        public String kind() {
            return "no-changes";
        }
    }

    /** Main moved in a way that does not merge with the dream: the branch stays, {@code paths} name the clash. */
    record Conflict(String id, String branch, List<String> paths) implements DreamOutcome {
        public Conflict {
            paths = List.copyOf(paths);
        }

        public String kind() {
            return "conflict";
        }
    }

    /** A phase failed (worktree, passes, checks, merge, push): what was committed so far stays on the branch. */
    record Failed(String id, String phase, String reason, String branch) implements DreamOutcome {
        public String kind() {
            return "failed";
        }
    }
}
