package dev.ctx.model;

import java.util.List;

/**
 * What a write did: the commit it made (null when there was nothing to change), the paths it changed,
 * the subject line, how many attempts the compare-and-swap took, and any paths whose working-tree copy
 * was left alone because a person had edited it in the meantime.
 */
public record WriteResult(String commit, String op, List<String> paths, String subject, int attempts, List<String> leftAlone) {
    public WriteResult {
        paths = List.copyOf(paths);
        leftAlone = List.copyOf(leftAlone);
    }

    public boolean changed() {
        return commit != null;
    }
}
