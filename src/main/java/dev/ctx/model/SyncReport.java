package dev.ctx.model;

import java.util.List;

/**
 * What one {@code ctx sync}, {@code pull} or {@code push} did. Ids are full hex (null: none). Conflicts are
 * the ones this run left in files ({@code path: where}); {@code unresolved} every file still holding
 * conflict markers at the end, from this run or an earlier one.
 */
public record SyncReport(
        String remote,
        String branch,
        Action action,
        String localBefore,
        String localAfter,
        String remoteBefore,
        String remoteAfter,
        int replayed,
        int alreadyThere,
        boolean pushed,
        String backupRef,
        List<String> conflicts,
        List<String> unresolved,
        List<String> leftAlone) {

    /** The closed set of things a sync does to the local branch and the remote one. */
    public enum Action {
        /** Nothing to fetch, integrate or push. */
        UP_TO_DATE,
        /** The local branch moved forward to the remote's tip (nothing local to re-apply). */
        FAST_FORWARDED,
        /** Local commits were re-applied on the remote's tip. */
        INTEGRATED,
        /** Unrelated histories were joined by a merge commit, as asked. */
        JOINED,
        /** Only the remote moved: it received the local commits. */
        PUSHED
    }

    public SyncReport {
        conflicts = List.copyOf(conflicts);
        unresolved = List.copyOf(unresolved);
        leftAlone = List.copyOf(leftAlone);
    }

    public boolean hasConflicts() {
        return !unresolved.isEmpty();
    }
}
