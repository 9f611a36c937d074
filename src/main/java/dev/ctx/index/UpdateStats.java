package dev.ctx.index;

/**
 * What one catch-up of the index did: the commits it went between (from null: a build from clean), the
 * files it (re)indexed and removed, the chunks it wrote, and how many of them needed new embeddings
 * (unchanged text reuses its stored vector).
 */
public record UpdateStats(String fromCommit, String toCommit, boolean rebuilt, int filesIndexed, int filesRemoved,
                          int chunksWritten, int chunksEmbedded, long millis) {
    public static UpdateStats none(String commit) {
        return new UpdateStats(commit, commit, false, 0, 0, 0, 0, 0);
    }

    public boolean changed() {
        return rebuilt || filesIndexed > 0 || filesRemoved > 0;
    }
}
