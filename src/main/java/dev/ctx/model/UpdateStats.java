package dev.ctx.model;

/**
 * What one catch-up of the index did: the commits it went between (from null: a build from clean), the
 * files it (re)indexed and removed, the chunks it wrote, and how many of them needed new embeddings
 * (unchanged text reuses its stored vector), and how many segments a merge after it joined into one
 * (0: none was due).
 */
public record UpdateStats(String fromCommit, String toCommit, boolean rebuilt, int filesIndexed, int filesRemoved,
                          int chunksWritten, int chunksEmbedded, long millis, int segmentsMerged) {
    public static UpdateStats none(String commit) {
        return new UpdateStats(commit, commit, false, 0, 0, 0, 0, 0, 0);
    }

    /** These stats with more chunks embedded and a merge, and the time both took. */
    public UpdateStats plus(int embedded, int merged, long moreMillis) {
        return new UpdateStats(fromCommit, toCommit, rebuilt, filesIndexed, filesRemoved, chunksWritten, chunksEmbedded + embedded,
                millis + moreMillis, merged > 0 ? merged : segmentsMerged);
    }

    public boolean changed() {
        return rebuilt || filesIndexed > 0 || filesRemoved > 0;
    }
}
