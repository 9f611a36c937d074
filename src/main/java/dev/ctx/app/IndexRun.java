package dev.ctx.app;

import dev.ctx.model.UpdateStats;

/**
 * An index update's or rebuild's figures, with the chunks it left without vectors: the vectors stop early
 * when another process keeps the write lock, and the next search's background embedder goes on from there.
 */
public record IndexRun(UpdateStats stats, int pendingChunks) {
}
