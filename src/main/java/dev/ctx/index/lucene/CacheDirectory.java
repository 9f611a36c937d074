package dev.ctx.index.lucene;

import java.util.Collection;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;

/**
 * The index folder without fsync. Lucene syncs every commit so that it survives a power cut; for a cache
 * that is rebuilt from git that costs more than it saves (50-100 ms per one-file update on a busy disk,
 * against a target of 100 ms). Commits stay atomic against crashes of the process, since the operating
 * system keeps written files; a power cut can leave an unreadable index, which is detected on open and
 * rebuilt from clean.
 */
final class CacheDirectory extends FilterDirectory {
    CacheDirectory(Directory in) {
        super(in);
    }

    @Override
    public void sync(Collection<String> names) {
    }

    @Override
    public void syncMetaData() {
    }
}
