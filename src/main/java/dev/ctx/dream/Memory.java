package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The memory a pass reads: the text of every markdown file outside {@code recall/} at one commit (sorted
 * by path), the settings, and how much each file was used (commits that touched it, most recent first in
 * ties). Immutable; a pass returns the edits it wants as a {@link PassChange}.
 */
public record Memory(String commit, Map<RepoPath, String> files, CtxConfig config, Map<RepoPath, Use> use) {

    /** How often a file changed in history and when it last did (seconds since the epoch): its recorded use. */
    public record Use(int commits, long lastChanged) {
    }

    public Memory {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        use = Map.copyOf(use);
    }

    public Optional<String> read(RepoPath p) {
        return Optional.ofNullable(files.get(p));
    }

    /** Memory files (pinned and on demand): what the deterministic passes tidy. */
    public Map<RepoPath, String> memoryFiles() {
        Map<RepoPath, String> out = new LinkedHashMap<>();
        files.forEach((p, t) -> {
            if (p.kind() == Kind.MEMORY) {
                out.put(p, t);
            }
        });
        return out;
    }

    /** The files after {@code change}, for the next pass or a check. */
    public Memory with(PassChange change) {
        Map<RepoPath, String> next = new TreeMap<>(files);
        change.files().forEach((p, t) -> {
            if (t.isPresent()) {
                next.put(p, t.get());
            } else {
                next.remove(p);
            }
        });
        return new Memory(commit, next, config, use);
    }

    /** Whether {@code p} is a file the dream may read as memory (markdown outside recall/, not ctx.yaml). */
    static boolean counts(RepoPath p) {
        return p.isMarkdown() && p.kind() != Kind.RECALL && p.kind() != Kind.OTHER && !p.value().equals(CtxConfig.FILE);
    }
}
