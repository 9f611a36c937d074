package dev.ctx.store;

import dev.ctx.model.RepoPath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation does to the tree: new text per path ({@code Optional.empty()} deletes it), and the
 * summary that follows {@code op(path): } in the commit subject. An empty map means "nothing to do".
 */
public record Change(Map<RepoPath, Optional<String>> files, String summary) {

    public Change {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        summary = summary == null ? "" : summary;
    }

    public static Change put(RepoPath path, String text, String summary) {
        return new Change(Map.of(path, Optional.of(text)), summary);
    }

    public static Change delete(RepoPath path, String summary) {
        return new Change(Map.of(path, Optional.empty()), summary);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
