package dev.ctx.model;

import java.util.List;
import java.util.Objects;

/**
 * What changed in one file, in memory terms: front-matter keys (the description among them) as key
 * changes, the body as a unified diff, and the facts added and removed.
 */
public record FileDiff(
        ChangeStatus status,
        String path,
        String oldPath,
        String descriptionBefore,
        String descriptionAfter,
        List<KeyChange> keyChanges,
        List<String> factsAdded,
        List<String> factsRemoved,
        int linesAdded,
        int linesRemoved,
        String bodyDiff) {

    /** One front-matter key whose value changed; null stands for absent. */
    public record KeyChange(String key, String before, String after) {
    }

    public FileDiff {
        keyChanges = List.copyOf(keyChanges);
        factsAdded = List.copyOf(factsAdded);
        factsRemoved = List.copyOf(factsRemoved);
    }

    public boolean descriptionChanged() {
        return !Objects.equals(descriptionBefore, descriptionAfter) && descriptionBefore != null && descriptionAfter != null;
    }
}
