package dev.ctx.index.lucene;

import dev.ctx.format.MarkdownChunks;
import dev.ctx.git.GitRepo;
import dev.ctx.git.PathChange;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
import dev.ctx.index.FileChunker;
import dev.ctx.index.SearchIndex;
import dev.ctx.index.WindowVectors;
import dev.ctx.model.CtxException;
import dev.ctx.model.Progress;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.UpdateStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.lucene.store.FSDirectory;

/**
 * The search index of one context repository, in {@code $GIT_COMMON_DIR/ctx/index/v<schema>/}. Before each
 * search it catches up with the branch by diffing the tree of the commit it reflects against the tip's,
 * re-indexing only the files that changed. The write lock is held only while catching up, writing a batch
 * of vectors or merging (which indexes new commits as it goes); a process that cannot take it waits up to
 * a second for the tip to be indexed, then searches the last committed index and says it is behind. Safe
 * for several threads (calls are serialised; the merge runs on a thread of its own).
 */
public final class LuceneSearchIndex implements SearchIndex {
    /** Bump when fields, analysis or chunking change: a new folder, built from clean. */
    public static final int SCHEMA = 3;
    private static final int FILES_PER_BATCH = 256;
    /** Texts embedded per locked write when filling in pending vectors: about two seconds of model time. */
    private static final int FILL_BATCH = 64;
    /** Segments with fewer vectors are left to Lucene's own merging, which joins small segments cheaply. */
    public static final int MERGE_MIN_VECTORS = 1_000;
    /** How long a search waits for another process holding the write lock to index the tip, before answering from an older commit. */
    private static final Duration HOLDER_WAIT = Duration.ofSeconds(1);
    /** How often a merging process looks for new commits to index meanwhile. */
    private static final long MERGE_POLL_MILLIS = 100;

    /**
     * @param maxChunkChars   size cap of a chunk
     * @param windowVectors   the second vector of each chunk, read in its window (derived by default: no extra model call)
     * @param maxFileBytes    larger files are not indexed
     * @param firstBuildWait  how long a search waits for another process's first build before giving up
     * @param historyDepth    how many commits back file dates are looked up; older files get the oldest seen time
     * @param writerIdle      how long a long-running process keeps the write lock after an update, so the next
     *                        update finds the writer warm (zero, the default: released at once, as a command should)
     * @param deferEmbedding  a search's catch-up writes new text for BM25 at once and leaves its vectors pending,
     *                        for {@link #embedPending()} to add off the query path (false: embedded before the search)
     * @param searchThreads   segments one query searches in parallel (default: the cores, at most 4)
     */
    public record Options(int maxChunkChars, WindowVectors windowVectors, long maxFileBytes, Duration firstBuildWait, int historyDepth,
                          Duration writerIdle, boolean deferEmbedding, int searchThreads) {
        public static Options defaults() {
            return new Options(MarkdownChunks.DEFAULT_MAX_CHARS, WindowVectors.DERIVED, 1024 * 1024, Duration.ofSeconds(20), 500, Duration.ZERO, false,
                    Math.min(4, Runtime.getRuntime().availableProcessors()));
        }

        public Options withSearchThreads(int n) {
            return new Options(maxChunkChars, windowVectors, maxFileBytes, firstBuildWait, historyDepth, writerIdle, deferEmbedding, Math.max(1, n));
        }

        /** Searches leave new text's vectors to {@link #embedPending()}: for a host that runs it elsewhere. */
        public Options withDeferEmbedding(boolean d) {
            return new Options(maxChunkChars, windowVectors, maxFileBytes, firstBuildWait, historyDepth, writerIdle, d, searchThreads);
        }

        public Options withWindowVectors(WindowVectors w) {
            return new Options(maxChunkChars, w, maxFileBytes, firstBuildWait, historyDepth, writerIdle, deferEmbedding, searchThreads);
        }

        public Options withMaxFileBytes(long b) {
            return new Options(maxChunkChars, windowVectors, b, firstBuildWait, historyDepth, writerIdle, deferEmbedding, searchThreads);
        }

        public Options withFirstBuildWait(Duration d) {
            return new Options(maxChunkChars, windowVectors, maxFileBytes, d, historyDepth, writerIdle, deferEmbedding, searchThreads);
        }

        /** For servers and other long-running processes: keep the writer this long after an update (about a second). */
        public Options withWriterIdle(Duration d) {
            return new Options(maxChunkChars, windowVectors, maxFileBytes, firstBuildWait, historyDepth, d, deferEmbedding, searchThreads);
        }
    }

    private record Freshness(String commit, boolean behind, String note, UpdateStats stats) {
    }

    private final GitRepo git;
    private final Path folder;
    private final LuceneChunkIndex index;
    private final Options options;
    private final String modelId;
    private final FileChunker chunker;
    private boolean bm25Noted;
    /** The meta document last read or written by this process; lets a search at an unchanged tip skip all index I/O. */
    private Map<String, String> knownMeta = Map.of();
    private ScheduledExecutorService releaser;
    private ScheduledFuture<?> release;
    /** A merge into one segment runs through the writer: writes meanwhile keep it open rather than close it. */
    private boolean compacting;

    private LuceneSearchIndex(GitRepo git, Path folder, LuceneChunkIndex index, Options options) {
        this.git = git;
        this.folder = folder;
        this.index = index;
        this.options = options;
        Embedder e = index.embedder();
        this.modelId = e == null ? "none" : e.modelId() + options.windowVectors().suffix();
        this.chunker = new FileChunker(options.maxChunkChars());
    }

    /** Opens (without building) the index of {@code git}; {@code embedder} null means BM25 only. */
    public static LuceneSearchIndex open(GitRepo git, Embedder embedder, Options options) throws CtxException {
        Path folder = folder(git);
        try {
            Files.createDirectories(folder);
            return new LuceneSearchIndex(git, folder, new LuceneChunkIndex(new CacheDirectory(FSDirectory.open(folder)), embedder, options.windowVectors(),
                    options.searchThreads()), options);
        } catch (IOException e) {
            throw LuceneChunkIndex.io("open the search index at " + folder, e);
        }
    }

    public static Path folder(GitRepo git) {
        return git.ctxDir().resolve("index").resolve("v" + SCHEMA);
    }

    @Override
    public synchronized SearchResult search(SearchRequest request) throws CtxException {
        long t0 = System.nanoTime();
        Freshness f = catchUp(options.deferEmbedding());
        List<String> notes = new ArrayList<>();
        if (index.takeRepaired()) {
            notes.add("the search index was unreadable (damaged files); it has been rebuilt from the repository");
        }
        if (f.note() != null) {
            notes.add(f.note());
        }
        boolean vectorsUsable = index.embedder() != null && modelId.equals(knownMeta.get("model"));
        SearchMode mode = request.mode();
        if (mode == null) {
            mode = vectorsUsable ? SearchMode.HYBRID : SearchMode.BM25;
            if (index.embedder() == null && !bm25Noted) {
                notes.add("no embedding model configured (search.embeddings in ctx.yaml): searching with BM25 only");
                bm25Noted = true;
            } else if (index.embedder() != null && !vectorsUsable) {
                notes.add("the index was built with another embedding model and cannot be updated now: BM25 only");
            }
        } else if (mode != SearchMode.BM25 && !vectorsUsable) {
            throw CtxException.refused(index.embedder() == null
                    ? mode.label() + " search needs an embedding model and none is configured (search.embeddings in ctx.yaml); use --mode bm25"
                    : mode.label() + " search is unavailable until the index is rebuilt with the current embedding model; run 'ctx index rebuild'");
        }
        List<SearchHit> hits = index.search(request, mode);
        int pending = vectorsUsable ? index.pending() : 0;
        if (pending > 0 && mode != SearchMode.BM25) {
            notes.add(pending + " new chunk" + (pending == 1 ? " has" : "s have") + " no vectors yet: BM25 finds "
                    + (pending == 1 ? "it" : "them") + ", vector scores leave " + (pending == 1 ? "it" : "them")
                    + " out until embedded ('ctx index update' embeds now)");
        }
        return new SearchResult(mode, hits, f.commit(), f.behind(), pending, notes, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * Catches up with the tip as a search does first (new text's vectors left pending when deferring);
     * for benchmarks and hosts that want the index current before the next search arrives.
     */
    public synchronized UpdateStats catchUpNow() throws CtxException {
        return catchUp(options.deferEmbedding()).stats();
    }

    /** Catches up with the tip, then embeds whatever earlier searches left pending: the index is then complete. */
    @Override
    public UpdateStats update() throws CtxException {
        return update(Progress.NONE);
    }

    @Override
    public UpdateStats update(Progress progress) throws CtxException {
        UpdateStats stats;
        synchronized (this) {
            Freshness f = catchUp(false);
            if (f.behind()) {
                throw CtxException.conflict("another process is updating the search index; retry when it is done");
            }
            stats = f.stats();
        }
        long t0 = System.nanoTime();
        int filled = embedPending(progress);
        int merged = compact();
        if (merged > 0) {
            filled += embedPending(); // what commits made during the merge left pending
        }
        return filled == 0 && merged == 0 ? stats : stats.plus(filled, merged, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Merges the index into one segment when large writes (a first build, a large fill of vectors) left
     * its vectors in several: each segment has its own HNSW graph, and a query searches every graph in
     * turn (at 130,000 chunks, hybrid p50 17.3 ms on the four segments a build left, 11.2 ms merged). Segments under
     * {@value #MERGE_MIN_VECTORS} vectors do not count: Lucene's own merging joins them cheaply. A merge
     * is due when the vectors outside the largest segment are at least a tenth of all.
     *
     * <p>The merge rebuilds the graph, minutes at 100,000 chunks, so it runs where vectors are filled in
     * ({@code ctx index update}, the background embedder, a rebuild), never in a search. Meanwhile this
     * process keeps the index at the tip, writing new commits as a search would (their vectors pending,
     * filled in after the merge): searches elsewhere, which wait briefly for a holder of the write lock,
     * stay current. Returns how many segments were merged (0: none was due, or the lock was taken).
     */
    public int compact() throws CtxException {
        int segments;
        Callable<Void> merge;
        synchronized (this) {
            List<Integer> perSegment = index.vectorsPerSegment();
            if (!mergeDue(perSegment) || !index.openWriter(false)) {
                return 0;
            }
            segments = index.segments();
            compacting = true;
            merge = index.mergeIntoOne();
        }
        ExecutorService merger = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ctx-index-merge");
            t.setDaemon(true);
            return t;
        });
        boolean ok = false;
        try {
            Future<Void> done = merger.submit(merge);
            while (!finished(done)) {
                synchronized (this) {
                    String tip = git.tip();
                    if (!eq(tip, knownMeta.get("commit"))) {
                        Map<String, String> meta = readMeta();
                        if (matches(meta) && !eq(tip, meta.get("commit"))) {
                            write(tip, meta, true);
                            knownMeta = readMeta();
                        }
                    }
                }
            }
            ok = true;
            return segments;
        } finally {
            merger.shutdownNow();
            synchronized (this) {
                compacting = false;
                doneWriting(ok, true);
            }
        }
    }

    /** Whether the vectors outside the largest segment, in segments of at least {@value #MERGE_MIN_VECTORS}, are a tenth of all or more. */
    static boolean mergeDue(List<Integer> vectorsPerSegment) {
        long total = 0;
        long largest = 0;
        long large = 0;
        for (int n : vectorsPerSegment) {
            total += n;
            largest = Math.max(largest, n);
            if (n >= MERGE_MIN_VECTORS) {
                large += n;
            }
        }
        long outside = large - largest;
        return outside > 0 && outside * 10 >= total;
    }

    /** Waits a poll interval for the merge; true once it has ended (a failed merge throws). */
    private static boolean finished(Future<Void> merge) throws CtxException {
        try {
            merge.get(MERGE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while merging the search index");
        } catch (ExecutionException e) {
            throw LuceneChunkIndex.io("merge the search index", e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    /**
     * Embeds the text that catch-ups left without vectors, a batch at a time. Reading the batch and running
     * the model take no lock, so searches and catch-ups go on meanwhile; each batch is then written under
     * the write lock and committed. Returns how many texts were embedded; stops early (the rest stays
     * pending, and is found again) when another process holds the write lock.
     */
    @Override
    public int embedPending() throws CtxException {
        return embedPending(Progress.NONE);
    }

    /** {@link #embedPending()}, reporting each batch embedded. */
    public int embedPending(Progress progress) throws CtxException {
        if (index.embedder() == null) {
            return 0;
        }
        try {
            return fill(progress);
        } finally {
            progress.end();
        }
    }

    private int fill(Progress progress) throws CtxException {
        int done = 0;
        int before = Integer.MAX_VALUE;
        boolean modelIdle = false;
        while (true) {
            LuceneChunkIndex.PendingBatch batch;
            synchronized (this) {
                int pending = matches(readMeta()) ? index.pending() : 0;
                // A batch that needed no model call and left as much pending made no progress: stop rather than spin.
                if (pending == 0 || modelIdle && pending >= before) {
                    return done;
                }
                if (before == Integer.MAX_VALUE) {
                    progress.begin("embedding", pending);
                }
                before = pending;
                batch = index.readPending(FILL_BATCH);
            }
            if (batch.isEmpty()) {
                return done;
            }
            Map<String, float[]> vectors = index.embed(batch.texts());
            if (!complete(batch, vectors)) {
                return done;
            }
            modelIdle = batch.texts().isEmpty();
            done += batch.texts().size();
            progress.advance(batch.texts().size());
        }
    }

    /**
     * Builds from clean: all text first, with the vectors the last commit or the embedding cache has for the
     * same text and model, committed at once (BM25
     * finds everything from then on); then the rest of the vectors a committed batch at a time, the write
     * lock free between batches, so searches go on meanwhile and an interrupted rebuild keeps what it
     * embedded (the next search's background embedder goes on from there). Then a merge into one segment.
     */
    @Override
    public UpdateStats rebuild() throws CtxException {
        return rebuild(Progress.NONE);
    }

    @Override
    public UpdateStats rebuild(Progress progress) throws CtxException {
        UpdateStats s;
        synchronized (this) {
            if (!index.openWriter(index.corrupt())) {
                throw CtxException.conflict("another process is updating the search index; retry when it is done");
            }
            boolean ok = false;
            try {
                s = write(git.tip(), Map.of(), true);
                knownMeta = readMeta();
                ok = true;
            } finally {
                doneWriting(ok, true);
            }
        }
        long t0 = System.nanoTime();
        int filled = embedPending(progress);
        int merged = compact();
        if (merged > 0) {
            filled += embedPending();
        }
        return s.plus(filled, merged, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public Map<String, float[]> vectors(java.util.Collection<String> ids) throws CtxException {
        return index.vectors(ids);
    }

    @Override
    public synchronized IndexStatus status() throws CtxException {
        Map<String, String> meta = readMeta();
        String tip = git.tip();
        String commit = meta.get("commit");
        int[] counts = index.counts();
        boolean current = matches(meta) && tip != null && tip.equals(commit);
        return new IndexStatus(folder.toString(), SCHEMA, commit == null || commit.isEmpty() ? null : commit, tip, !current,
                meta.getOrDefault("model", modelId), counts[1], counts[0], matches(meta) ? index.pending() : 0, index.bytes(),
                index.segments(), index.writeLockFree(), lastUpdate(meta));
    }

    /** Brings the index to the tip when the write lock is free; otherwise reports how far behind it is. */
    private Freshness catchUp(boolean defer) throws CtxException {
        String tip = git.tip();
        if (matches(knownMeta) && eq(tip, knownMeta.get("commit"))) {
            return new Freshness(tip, false, null, UpdateStats.none(tip));
        }
        Map<String, String> meta = readMeta();
        if (matches(meta) && eq(tip, meta.get("commit"))) {
            return new Freshness(tip, false, null, UpdateStats.none(tip));
        }
        if (!index.openWriter(meta.isEmpty() && index.corrupt())) {
            meta = awaitFirstBuild(meta);
            // Another process holds the write lock: a catch-up (milliseconds), a batch of vectors, or a merge
            // that indexes new commits as it goes. Wait briefly for the tip, indexed by it or by this process.
            long deadline = System.nanoTime() + HOLDER_WAIT.toNanos();
            boolean writing = false;
            while (!writing && System.nanoTime() < deadline) {
                pause();
                meta = readMeta();
                if (matches(meta) && eq(tip, meta.get("commit"))) {
                    return new Freshness(tip, false, null, UpdateStats.none(tip));
                }
                writing = index.openWriter(false);
            }
            if (!writing) {
                return new Freshness(meta.get("commit"), true,
                        "another process is updating the search index: results are from commit " + shortId(meta.get("commit")) + ", not the tip " + shortId(tip), UpdateStats.none(meta.get("commit")));
            }
        }
        boolean ok = false;
        boolean large = true;
        try {
            meta = readMeta();
            UpdateStats stats = matches(meta) && eq(tip, meta.get("commit")) ? UpdateStats.none(tip) : write(tip, meta, defer);
            knownMeta = readMeta();
            ok = true;
            large = stats.rebuilt() || stats.filesIndexed() + stats.filesRemoved() > FILES_PER_BATCH;
            return new Freshness(tip, false, null, stats);
        } finally {
            doneWriting(ok, large);
        }
    }

    /**
     * Writes one batch of vectors under the write lock, waiting (within {@code firstBuildWait}) while another
     * process's catch-up holds it; false when it stayed taken.
     */
    private boolean complete(LuceneChunkIndex.PendingBatch batch, Map<String, float[]> vectors) throws CtxException {
        long deadline = System.nanoTime() + options.firstBuildWait().toNanos();
        while (true) {
            synchronized (this) {
                if (index.openWriter(false)) {
                    boolean ok = false;
                    try {
                        index.completePending(batch, vectors);
                        index.commit(null);
                        knownMeta = readMeta();
                        ok = true;
                        return true;
                    } finally {
                        doneWriting(ok, false);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
    }

    private static void pause() throws CtxException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while waiting for the search index");
        }
    }

    /**
     * Releases the write lock now, or after {@code writerIdle} without updates in a long-running process.
     * After a large update it is released at once, merges included: merging is the expensive part, and it
     * should not run behind the searches that follow.
     */
    private void doneWriting(boolean ok, boolean large) throws CtxException {
        if (ok && compacting) {
            return; // the merge's writer: released when the merge ends
        }
        if (!ok || large || options.writerIdle().isZero()) {
            index.closeWriter(ok);
            return;
        }
        if (release != null) {
            release.cancel(false);
        }
        if (releaser == null) {
            releaser = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ctx-index-writer-release");
                t.setDaemon(true);
                return t;
            });
        }
        release = releaser.schedule(this::releaseWriter, options.writerIdle().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void releaseWriter() {
        Runnable closer;
        synchronized (this) {
            closer = index.detachWriter();
            release = null;
        }
        if (closer != null) {
            closer.run();
        }
    }

    /** The meta document of the last commit (empty when there is none, or the index is unreadable). */
    private Map<String, String> readMeta() throws CtxException {
        index.refresh();
        knownMeta = index.meta();
        return knownMeta;
    }

    /** With no committed index at all, waits a bounded time for the process that is building it. */
    private Map<String, String> awaitFirstBuild(Map<String, String> meta) throws CtxException {
        long deadline = System.nanoTime() + options.firstBuildWait().toNanos();
        while (meta.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new CtxException(Problem.IO, "another process is building the search index for the first time and has not finished within "
                        + options.firstBuildWait().toSeconds() + " s; retry shortly (or check 'ctx index status')");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtxException(Problem.IO, "interrupted while waiting for the search index");
            }
            meta = readMeta();
        }
        return meta;
    }

    /** Under the write lock: applies the diff from the indexed commit, or rebuilds from clean when the index cannot be trusted. */
    private UpdateStats write(String tip, Map<String, String> meta, boolean defer) throws CtxException {
        long t0 = System.nanoTime();
        String from = matches(meta) ? meta.get("commit") : null;
        if (from != null && (from.isEmpty() || !exists(from))) {
            from = null;
        }
        boolean rebuilt = from == null;
        if (rebuilt) {
            index.deleteAll();
            dropOlderSchemas();
        }
        List<PathChange> changes = tip == null ? List.of() : git.diff(from, tip);
        List<String> wanted = new ArrayList<>();
        int removed = 0;
        for (PathChange c : changes) {
            if (c.type() == PathChange.Type.DELETE || c.type() == PathChange.Type.RENAME) {
                String gone = c.oldPath();
                if (indexable(gone)) {
                    index.deleteFile(gone);
                    removed++;
                }
            }
            if (c.type() != PathChange.Type.DELETE && indexable(c.path())) {
                wanted.add(c.path());
            }
        }
        Map<String, String> blobs = new HashMap<>();
        changes.stream().filter(c -> c.type() != PathChange.Type.DELETE).forEach(c -> blobs.put(c.path(), c.newBlob()));
        Map<String, Instant> dates = tip == null ? Map.of() : FileDates.lastChanged(git, tip, from, wanted, options.historyDepth());
        int chunks = 0;
        int embedded = 0;
        int indexed = 0;
        Map<String, List<Chunk>> batch = new LinkedHashMap<>();
        for (String path : wanted) {
            String text = text(path, blobs.get(path));
            if (text == null) {
                index.deleteFile(path);
                continue;
            }
            List<Chunk> cs = chunker.chunks(RepoPath.of(path), text, dates.get(path));
            batch.put(path, cs);
            chunks += cs.size();
            indexed++;
            if (batch.size() >= FILES_PER_BATCH) {
                embedded += index.putFiles(batch, defer, Map.of());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            embedded += index.putFiles(batch, defer, Map.of());
        }
        UpdateStats stats = new UpdateStats(from, tip, rebuilt, indexed, removed, chunks, embedded, (System.nanoTime() - t0) / 1_000_000, 0);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema", String.valueOf(SCHEMA));
        m.put("model", modelId);
        m.put("chunk_chars", String.valueOf(options.maxChunkChars()));
        m.put("commit", tip == null ? "" : tip);
        m.put("from", from == null ? "" : from);
        m.put("rebuilt", String.valueOf(rebuilt));
        m.put("files_indexed", String.valueOf(indexed));
        m.put("files_removed", String.valueOf(removed));
        m.put("chunks_written", String.valueOf(chunks));
        m.put("chunks_embedded", String.valueOf(embedded));
        m.put("millis", String.valueOf(stats.millis()));
        index.commit(m);
        return stats;
    }

    /** The folders of earlier schema versions: never read again once this one is built, and as large. */
    private void dropOlderSchemas() {
        for (int v = 1; v < SCHEMA; v++) {
            Path old = folder.resolveSibling("v" + v);
            if (!Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> files = Files.list(old)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(old);
            } catch (IOException e) {
                // an old folder left behind costs disk only; 'ctx index status' names the current one
            }
        }
    }

    private boolean indexable(String path) {
        try {
            return FileChunker.indexable(RepoPath.of(path));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The file's text, or null when it is too large or not UTF-8 (such files are not searchable). */
    private String text(String path, String blob) throws CtxException {
        byte[] b;
        try {
            b = git.readBlob(blob, path, options.maxFileBytes());
        } catch (CtxException e) {
            if (e.problem() == Problem.REFUSED) {
                return null;
            }
            throw e;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private boolean exists(String commit) {
        try {
            git.treeOf(commit);
            return true;
        } catch (CtxException | IllegalArgumentException e) {
            return false;
        }
    }

    private boolean matches(Map<String, String> meta) {
        return String.valueOf(SCHEMA).equals(meta.get("schema")) && modelId.equals(meta.get("model"))
                && String.valueOf(options.maxChunkChars()).equals(meta.get("chunk_chars"));
    }

    private static UpdateStats lastUpdate(Map<String, String> m) {
        if (m.isEmpty()) {
            return null;
        }
        return new UpdateStats(blankToNull(m.get("from")), blankToNull(m.get("commit")), Boolean.parseBoolean(m.get("rebuilt")),
                num(m.get("files_indexed")), num(m.get("files_removed")), num(m.get("chunks_written")), num(m.get("chunks_embedded")),
                num(m.get("millis")), 0);
    }

    private static int num(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static boolean eq(String tip, String commit) {
        return tip == null ? commit != null && commit.isEmpty() : tip.equals(commit);
    }

    private static String shortId(String id) {
        return id == null || id.isEmpty() ? "(none)" : id.substring(0, Math.min(10, id.length()));
    }

    @Override
    public synchronized void close() {
        if (releaser != null) {
            releaser.shutdownNow();
        }
        Runnable closer = index.detachWriter();
        if (closer != null) {
            closer.run();
        }
        index.close();
    }
}
