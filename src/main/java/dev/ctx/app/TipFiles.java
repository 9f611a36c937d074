package dev.ctx.app;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The blob id of every file of the branch tip, kept for the last tip asked about: listing 10,000 files'
 * ids (a walk of every tree, a path check of every name) was half of a warm status that nothing had
 * changed; a commit is immutable, so the same tip always lists the same files.
 */
final class TipFiles {
    private String tip;
    private Map<RepoPath, String> ids;

    synchronized Map<RepoPath, String> of(ContextStore store, String tipNow) throws CtxException {
        if (ids == null || !java.util.Objects.equals(tipNow, tip)) {
            Map<RepoPath, String> m = new LinkedHashMap<>();
            store.git().blobIds(tipNow).forEach((p, id) -> m.put(RepoPath.of(p), id));
            ids = Collections.unmodifiableMap(m);
            tip = tipNow;
        }
        return ids;
    }
}
