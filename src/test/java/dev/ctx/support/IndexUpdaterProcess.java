package dev.ctx.support;

import dev.ctx.git.GitRepo;
import dev.ctx.index.HashingEmbedder;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.UpdateStats;
import java.nio.file.Path;

/**
 * A real OS process that brings a repository's search index up to date with a fast test embedder:
 * {@code catchup} writes new commits only (as a search does, never merging), {@code update} does what
 * {@code ctx index update} does (catch up, embed, merge segments when due), {@code search QUERY} prints
 * the path of the best BM25 hit. Prints {@code START} when the index is open, then
 * {@code DONE <segments merged> <segments now> <millis>} (or the path), flushed, so that a test can kill it in
 * the middle.
 */
public final class IndexUpdaterProcess {
    private IndexUpdaterProcess() {
    }

    public static void main(String[] args) throws Exception {
        IsolatedGit.install(Path.of(System.getenv("HOME")));
        try (GitRepo git = GitRepo.open(Path.of(args[0]));
             LuceneSearchIndex idx = LuceneSearchIndex.open(git, new HashingEmbedder(384), LuceneSearchIndex.Options.defaults())) {
            System.out.println("START");
            System.out.flush();
            if ("search".equals(args[1])) {
                System.out.println(idx.search(SearchRequest.of(args[2]).withMode(SearchMode.BM25).withK(1)).hits().get(0).path());
            } else {
                long t0 = System.nanoTime();
                UpdateStats u = "update".equals(args[1]) ? idx.update() : idx.catchUpNow();
                System.out.println("DONE " + u.segmentsMerged() + " " + idx.status().segments() + " " + (System.nanoTime() - t0) / 1_000_000);
            }
            System.out.flush();
        }
    }
}
