package dev.ctx.index.lucene;

import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitRepo;
import dev.ctx.git.PathChange;
import dev.ctx.model.CtxException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each file last changed: the commit time of the newest first-parent commit that touched it. The walk
 * stops at the commit the index already reflects (an incremental update walks only the new commits) or
 * after {@code depth} commits; files older than that get the oldest time seen, a lower bound is not
 * knowable without walking all history.
 */
final class FileDates {
    private FileDates() {
    }

    static Map<String, Instant> lastChanged(GitRepo git, String tip, String stop, Collection<String> paths, int depth) throws CtxException {
        Map<String, Instant> out = new HashMap<>();
        Set<String> open = new HashSet<>(paths);
        String c = tip;
        Instant oldest = null;
        for (int i = 0; i < depth && c != null && !c.equals(stop) && !open.isEmpty(); i++) {
            CommitInfo info = git.commitInfo(c);
            oldest = info.commitTime();
            List<String> parents = info.parents();
            String parent = parents.isEmpty() ? null : parents.get(0);
            for (PathChange pc : git.diff(parent, c)) {
                if (open.remove(pc.path())) {
                    out.put(pc.path(), info.commitTime());
                }
            }
            c = parent;
        }
        if (oldest == null) {
            oldest = git.commitInfo(tip).commitTime();
        }
        for (String p : open) {
            out.put(p, oldest);
        }
        return out;
    }
}
