package dev.ctx.store;

import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation does to the tree: new text per path ({@code Optional.empty()} deletes it), and the
 * summary that follows {@code op(path): } in the commit subject. An empty map means "nothing to do".
 * {@code contents} is the bytes channel of skill folders: files under {@code skills/NAME/} written as bytes with
 * their mode (a script's executable bit, an image's bytes), never through text. Memory files have no such channel.
 */
public record Change(Map<RepoPath, Optional<String>> files, Map<RepoPath, FileContent> contents, String summary) {

    public Change {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        contents = Collections.unmodifiableMap(new LinkedHashMap<>(contents));
        summary = summary == null ? "" : summary;
        for (RepoPath p : contents.keySet()) {
            if (files.containsKey(p)) {
                throw new IllegalArgumentException(p + " is both text and bytes in one change");
            }
            if (!inSkillFolder(p)) {
                throw new IllegalArgumentException(p + " is not in a skill's folder: only skills/NAME/ files are written as bytes");
            }
        }
    }

    public Change(Map<RepoPath, Optional<String>> files, String summary) {
        this(files, Map.of(), summary);
    }

    public static Change put(RepoPath path, String text, String summary) {
        return new Change(Map.of(path, Optional.of(text)), summary);
    }

    public static Change delete(RepoPath path, String summary) {
        return new Change(Map.of(path, Optional.empty()), summary);
    }

    /** Whether {@code path} is a file inside a skill's folder ({@code skills/NAME/...}), the only paths written as bytes. */
    public static boolean inSkillFolder(RepoPath path) {
        return path.segments().size() >= 3 && path.segments().get(0).equals("skills");
    }

    /** Every path the change writes or deletes, text and bytes alike (empty: deleted). */
    public Map<RepoPath, Optional<FileContent>> all() {
        Map<RepoPath, Optional<FileContent>> out = new LinkedHashMap<>();
        files.forEach((p, t) -> out.put(p, t.map(FileContent::text)));
        contents.forEach((p, c) -> out.put(p, Optional.of(c)));
        return out;
    }

    public boolean isEmpty() {
        return files.isEmpty() && contents.isEmpty();
    }
}
