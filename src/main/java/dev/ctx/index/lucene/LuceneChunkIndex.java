package dev.ctx.index.lucene;

import dev.ctx.index.Chunk;
import dev.ctx.index.ChunkIndex;
import dev.ctx.index.Embedder;
import dev.ctx.index.WindowVectors;
import dev.ctx.model.CtxException;
import dev.ctx.model.Kind;
import dev.ctx.model.Problem;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.Tier;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The one owner of the Lucene {@link IndexWriter} and {@link SearcherManager} of an index folder. Chunks
 * are documents; the index's own description (schema, commit, model, last update) is one meta document
 * committed atomically with the chunks it describes. The writer is optional: a process that cannot take
 * the write lock still searches the last commit.
 */
public final class LuceneChunkIndex implements ChunkIndex {
    static final String TYPE = "type";
    static final String ID = "id";
    static final String PATH = "path";
    static final String KIND = "kind";
    static final String TIER = "tier";
    static final String DATE = "date";
    static final String HEADING = "heading";
    static final String LINE = "line";
    static final String ORDINAL = "ord";
    static final String DESCRIPTION = "description";
    static final String TEXT = "text";
    static final String BODY = "body";
    static final String CONTEXT = "ctxt";
    /**
     * The one vector a query searches: the mean of the chunk's vector and its window's (the chunk's own when
     * windows are off). Its dot product with the query is exactly the dense score (the mean of the two
     * cosines), so one HNSW search ranks by the final score: half the graph work of a graph per vector,
     * at search, build and merge.
     */
    static final String VEC = "vec";
    /** The chunk's own vector (doc values, no graph): reused for unchanged text and neighbours' windows. */
    static final String OWN = "own";
    /** The chunk's embedded window vector (window_vectors: embedded), kept for reuse like {@link #OWN}. */
    static final String OWN_WINDOW = "ownw";
    static final String HASH = "h";
    static final String HASH_WINDOW = "hw";
    /** On a chunk written without its vectors (their embedding was deferred): BM25 finds it, KNN does not yet. */
    static final String PENDING = "pending";
    /**
     * A recall turn's speaker, lower-cased ({@link Rescoring#speaker}), as doc values: with {@link #PATH}'s and
     * {@link #DATE}'s doc values, all the second stage reads, so it decompresses no stored field.
     */
    static final String SPEAKER = "speaker";

    private static final int EMBED_BATCH = 64;
    private static final float NEIGHBOUR_WEIGHT = 0.5f;

    private final Directory dir;
    private final Embedder embedder;
    private final WindowVectors window;
    private final ExecutorService searchPool;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Similarity similarity = new BM25Similarity(0.9f, 0.4f);
    private final Retrieval retrieval;
    private IndexWriter writer;
    private SearcherManager manager;
    private boolean corrupt;

    /**
     * @param embedder      null for a BM25-only index
     * @param window   the second vector of each chunk (its window), scored with its own on the dense side
     */
    public LuceneChunkIndex(Directory dir, Embedder embedder, WindowVectors window) {
        this(dir, embedder, window, 1);
    }

    /**
     * @param searchThreads segments searched in parallel by one query (1: on the caller's thread). A large
     *                      index has several segments, each with its own HNSW graphs; on more than one
     *                      core their KNN searches run side by side.
     */
    public LuceneChunkIndex(Directory dir, Embedder embedder, WindowVectors window, int searchThreads) {
        this.searchPool = searchThreads > 1 ? Executors.newFixedThreadPool(searchThreads, r -> {
            Thread t = new Thread(r, "ctx-index-search");
            t.setDaemon(true);
            return t;
        }) : null;
        this.dir = dir;
        this.embedder = embedder;
        this.window = embedder == null ? WindowVectors.OFF : window;
        this.retrieval = new Retrieval(analyzer, embedder);
    }

    /** An index in memory with its writer open: for benchmarks and tests that feed chunks directly. */
    public static LuceneChunkIndex inMemory(Embedder embedder, WindowVectors window) throws CtxException {
        LuceneChunkIndex idx = new LuceneChunkIndex(new ByteBuffersDirectory(), embedder, window);
        if (!idx.openWriter(true)) {
            throw new IllegalStateException("in-memory index is locked");
        }
        return idx;
    }

    Embedder embedder() {
        return embedder;
    }

    Directory directory() {
        return dir;
    }

    boolean hasWriter() {
        return writer != null;
    }

    /** Takes the write lock; false when another writer (this process or another) holds it. */
    boolean openWriter(boolean create) throws CtxException {
        if (writer != null) {
            return true;
        }
        try {
            if (corrupt && !wipe()) {
                return false;
            }
            try {
                writer = new IndexWriter(dir, writerConfig(create));
            } catch (LockObtainFailedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Files the writer cannot read (random bytes, a half-copied folder): the index is a cache, so
                // start it again from clean rather than fail every command until someone deletes the folder.
                corrupt = true;
                if (!wipe()) {
                    return false;
                }
                writer = new IndexWriter(dir, writerConfig(true));
            }
            return true;
        } catch (LockObtainFailedException e) {
            return false;
        } catch (IOException e) {
            throw io("open the search index for writing", e);
        }
    }

    private IndexWriterConfig writerConfig(boolean create) {
        return new IndexWriterConfig(analyzer)
                .setSimilarity(similarity)
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(128)
                .setUseCompoundFile(false);
    }

    /** Whether this index was found unreadable and wiped since the last call (to be said once, then forgotten). */
    boolean takeRepaired() {
        boolean r = repaired;
        repaired = false;
        return r;
    }

    private boolean repaired;

    /**
     * Takes the writer out of this index to be closed elsewhere, off the caller's lock (closing waits for
     * running merges, then commits them); null when there is none.
     */
    Runnable detachWriter() {
        IndexWriter w = writer;
        writer = null;
        if (w == null) {
            return null;
        }
        return () -> {
            try {
                w.close();
            } catch (IOException | RuntimeException e) {
                try {
                    w.rollback();
                } catch (IOException | RuntimeException ignored) {
                    // the lock is released by rollback even when it fails
                }
            }
        };
    }

    /**
     * Deletes an unreadable index under the write lock (even a CREATE writer reads the last commit first);
     * false when another process holds the lock.
     */
    private boolean wipe() throws IOException {
        closeManager();
        try (Lock l = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            for (String f : dir.listAll()) {
                if (!f.equals(IndexWriter.WRITE_LOCK_NAME)) {
                    dir.deleteFile(f);
                }
            }
        } catch (LockObtainFailedException e) {
            return false;
        }
        repaired |= corrupt;
        corrupt = false;
        return true;
    }

    /**
     * Releases the write lock. {@code keep}: waits for running merges and commits them (the changes were
     * committed already); otherwise drops whatever was not committed.
     */
    void closeWriter(boolean keep) throws CtxException {
        if (writer == null) {
            return;
        }
        IndexWriter w = writer;
        writer = null;
        try {
            if (keep) {
                w.close();
            } else {
                w.rollback();
            }
        } catch (IOException | RuntimeException e) {
            try {
                w.rollback();
            } catch (IOException | RuntimeException ignored) {
                // the lock is released by rollback even when it fails
            }
            if (keep) {
                throw io("finish writing the search index", e);
            }
        }
    }

    /** Whether a writer could be opened now (this process holds it, or nobody does). */
    boolean writeLockFree() {
        if (writer != null) {
            return true;
        }
        try (Lock l = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes of the index files on disk (or in memory). */
    long bytes() {
        long n = 0;
        try {
            for (String f : dir.listAll()) {
                try {
                    n += dir.fileLength(f);
                } catch (IOException e) {
                    // a file deleted meanwhile by a merge
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    void deleteAll() throws CtxException {
        try {
            writer().deleteAll();
        } catch (IOException e) {
            throw io("clear the search index", e);
        }
    }

    @Override
    public int putFile(String file, List<Chunk> chunks) throws CtxException {
        return putFiles(Map.of(file, chunks));
    }

    /** Replaces the chunks of several files; embeddings are computed in batches, only for text the index has not seen. */
    public int putFiles(Map<String, List<Chunk>> files) throws CtxException {
        return putFiles(files, false, Map.of());
    }

    /**
     * Replaces the chunks of several files. Vectors come from {@code given}, then from the chunks already
     * in the index (by text hash); the rest are embedded now, or, when {@code defer}, taken from the
     * embedder's cache where it has them and otherwise left out: those
     * chunks are written for BM25 and marked pending until {@link #completePending} gives them vectors.
     * Returns how many texts were embedded.
     */
    int putFiles(Map<String, List<Chunk>> files, boolean defer, Map<String, float[]> given) throws CtxException {
        IndexWriter w = writer();
        Map<String, float[]> vectors = new HashMap<>(given);
        int embedded = 0;
        if (embedder != null) {
            Map<String, String> missing = missing(files, vectors);
            if (!defer) {
                vectors.putAll(embed(missing));
                embedded = missing.size();
            } else if (!missing.isEmpty()) {
                // Deferring the model, not the cache: text embedded before (say, before the index was
                // deleted) gets its vector now.
                List<String> hashes = new ArrayList<>(missing.keySet());
                List<float[]> known = embedder.knownPassages(hashes.stream().map(missing::get).toList());
                for (int i = 0; i < hashes.size(); i++) {
                    if (known.get(i) != null && known.get(i).length == embedder.dimensions()) {
                        vectors.put(hashes.get(i), known.get(i));
                    }
                }
            }
        }
        try {
            for (Map.Entry<String, List<Chunk>> e : files.entrySet()) {
                List<Document> docs = new ArrayList<>();
                List<Chunk> chunks = e.getValue();
                for (int i = 0; i < chunks.size(); i++) {
                    docs.add(document(chunks, i, vectors));
                }
                if (docs.isEmpty()) {
                    w.deleteDocuments(new Term(PATH, e.getKey()));
                } else {
                    w.updateDocuments(new Term(PATH, e.getKey()), docs);
                }
            }
            return embedded;
        } catch (IOException | IllegalArgumentException e) {
            throw io("write to the search index", e);
        }
    }

    /**
     * The texts of these files the model still has to embed (hash to text). Vectors found among the
     * committed chunks are added to {@code vectors}.
     */
    private Map<String, String> missing(Map<String, List<Chunk>> files, Map<String, float[]> vectors) throws CtxException {
        Map<String, String> missing = new LinkedHashMap<>();
        IndexSearcher s = acquire();
        try {
            for (List<Chunk> chunks : files.values()) {
                for (int i = 0; i < chunks.size(); i++) {
                    want(s, HASH, OWN, ChunkText.passage(chunks.get(i)), vectors, missing);
                    if (window == WindowVectors.EMBEDDED) {
                        want(s, HASH_WINDOW, OWN_WINDOW, ChunkText.window(chunks, i), vectors, missing);
                    }
                }
            }
            return missing;
        } catch (IOException e) {
            throw io("read stored embeddings", e);
        } finally {
            release(s);
        }
    }

    /** Embeds texts (hash to text) in batches; returns hash to vector. Takes no lock of the index. */
    Map<String, float[]> embed(Map<String, String> texts) throws CtxException {
        Map<String, float[]> out = new HashMap<>();
        List<String> hashes = new ArrayList<>(texts.keySet());
        for (int from = 0; from < hashes.size(); from += EMBED_BATCH) {
            List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + EMBED_BATCH));
            List<float[]> vs = embedder.embedPassages(batch.stream().map(texts::get).toList());
            if (vs.size() != batch.size()) {
                throw new CtxException(Problem.IO, "the embedding model returned " + vs.size() + " vectors for " + batch.size() + " texts");
            }
            for (int i = 0; i < batch.size(); i++) {
                out.put(batch.get(i), vs.get(i));
            }
        }
        return out;
    }

    /** Chunks of the last commit still waiting for their vectors. */
    int pending() throws CtxException {
        if (embedder == null) {
            return 0;
        }
        IndexSearcher s = acquire();
        if (s == null) {
            return 0;
        }
        try {
            return s.count(new TermQuery(new Term(PENDING, "1")));
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    /**
     * Pending work read from the last commit: whole files (a window needs its neighbours), and the texts
     * they still need embedded. Reading takes no lock, so the slow embedding that follows holds none.
     */
    record PendingBatch(List<String> files, Map<String, String> texts) {
        boolean isEmpty() {
            return files.isEmpty();
        }
    }

    /** Pending files of the last commit, whole files at a time, until about {@code maxTexts} texts. */
    PendingBatch readPending(int maxTexts) throws CtxException {
        if (embedder == null) {
            return new PendingBatch(List.of(), Map.of());
        }
        IndexSearcher s = acquire();
        if (s == null) {
            return new PendingBatch(List.of(), Map.of());
        }
        try {
            Set<String> paths = new LinkedHashSet<>();
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : s.search(new TermQuery(new Term(PENDING, "1")), Math.max(1, maxTexts)).scoreDocs) {
                paths.add(stored.document(sd.doc, Set.of(PATH)).get(PATH));
            }
            List<String> files = new ArrayList<>();
            Map<String, String> texts = new LinkedHashMap<>();
            for (String path : paths) {
                texts.putAll(missing(Map.of(path, storedChunks(s, path)), new HashMap<>()));
                files.add(path);
                if (texts.size() >= maxTexts) {
                    break;
                }
            }
            return new PendingBatch(files, texts);
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    /**
     * Under the write lock: rewrites the batch's files, as the last commit has them, with the vectors
     * computed for them. A file changed since {@link #readPending} keeps pending whatever it still lacks,
     * so a vector is only ever attached to the text it was computed from (vectors are keyed by text hash).
     */
    void completePending(PendingBatch batch, Map<String, float[]> vectors) throws CtxException {
        IndexSearcher s = acquire();
        Map<String, List<Chunk>> files = new LinkedHashMap<>();
        try {
            for (String path : batch.files()) {
                List<Chunk> now = s == null ? List.of() : storedChunks(s, path);
                if (!now.isEmpty()) {
                    files.put(path, now);
                }
            }
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
        putFiles(files, true, vectors);
    }

    /** A file's chunks as the last commit stores them, in document order. */
    private List<Chunk> storedChunks(IndexSearcher s, String path) throws IOException {
        StoredFields stored = s.storedFields();
        List<Document> docs = new ArrayList<>();
        for (ScoreDoc sd : s.search(new TermQuery(new Term(PATH, path)), Integer.MAX_VALUE).scoreDocs) {
            docs.add(stored.document(sd.doc));
        }
        docs.sort(Comparator.comparingInt((Document d) -> d.getField(d.getField(ORDINAL) != null ? ORDINAL : LINE).numericValue().intValue()));
        List<Chunk> out = new ArrayList<>();
        for (Document d : docs) {
            String trail = d.get(HEADING);
            IndexableField date = d.getField(DATE);
            // The stored trail is already joined; as a one-element list it joins to itself.
            out.add(new Chunk(d.get(ID), path, Kind.parse(d.get(KIND)), Tier.valueOf(d.get(TIER)), d.get(DESCRIPTION),
                    trail.isEmpty() ? List.of() : List.of(trail), d.get(TEXT),
                    date == null ? null : Instant.ofEpochMilli(date.numericValue().longValue()), d.getField(LINE).numericValue().intValue()));
        }
        return out;
    }

    /** Finds the vector of {@code text} among the committed chunks (any file), or queues it for embedding. */
    private void want(IndexSearcher s, String hashField, String vectorField, String text, Map<String, float[]> vectors,
                             Map<String, String> missing) throws IOException {
        String h = hash(text);
        if (vectors.containsKey(h) || missing.containsKey(h)) {
            return;
        }
        if (s != null) {
            // Not from a pending chunk: it has the hash but no vector yet.
            Query q = new BooleanQuery.Builder().add(new TermQuery(new Term(hashField, h)), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(PENDING, "1")), BooleanClause.Occur.MUST_NOT).build();
            TopDocs td = s.search(q, 1);
            if (td.scoreDocs.length > 0) {
                float[] v = StoredVectors.read(s, td.scoreDocs[0].doc, vectorField);
                if (v != null && v.length == embedder.dimensions()) {
                    vectors.put(h, v);
                    return;
                }
            }
        }
        missing.put(h, text);
    }

    private Document document(List<Chunk> file, int i, Map<String, float[]> vectors) {
        Chunk c = file.get(i);
        Document d = new Document();
        d.add(new StringField(TYPE, "chunk", Field.Store.NO));
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StringField(PATH, c.file(), Field.Store.YES));
        d.add(new StringField(KIND, c.kind().label(), Field.Store.YES));
        d.add(new StringField(TIER, c.tier().name(), Field.Store.YES));
        if (c.date() != null) {
            d.add(new LongPoint(DATE, c.date().toEpochMilli()));
            d.add(new StoredField(DATE, c.date().toEpochMilli()));
        }
        Rescoring.addEvidence(d, c.file(), Rescoring.speaker(c.kind(), c.trail(), c.text()), c.date());
        d.add(new StoredField(HEADING, c.trail()));
        d.add(new StoredField(LINE, c.line()));
        d.add(new StoredField(ORDINAL, i));
        d.add(new StoredField(DESCRIPTION, c.description()));
        d.add(new StoredField(TEXT, c.text()));
        d.add(new TextField(BODY, ChunkText.body(c), Field.Store.NO));
        d.add(new TextField(CONTEXT, ChunkText.neighbours(file, i), Field.Store.NO));
        if (embedder != null) {
            String h = hash(ChunkText.passage(c));
            d.add(new StringField(HASH, h, Field.Store.NO));
            float[] own = vectors.get(h);
            String hw = window == WindowVectors.EMBEDDED ? hash(ChunkText.window(file, i)) : null;
            float[] win = switch (window) {
                case OFF -> null;
                case DERIVED -> own == null ? null : derivedWindow(file, i, vectors);
                case EMBEDDED -> vectors.get(hw);
            };
            if (hw != null) {
                d.add(new StringField(HASH_WINDOW, hw, Field.Store.NO));
            }
            if (own == null || window != WindowVectors.OFF && win == null) {
                d.add(new StringField(PENDING, "1", Field.Store.NO));
            } else {
                d.add(new BinaryDocValuesField(OWN, StoredVectors.bytes(own)));
                if (hw != null) {
                    d.add(new BinaryDocValuesField(OWN_WINDOW, StoredVectors.bytes(win)));
                }
                d.add(new KnnFloatVectorField(VEC, win == null ? own : mean(own, win), VectorSimilarityFunction.DOT_PRODUCT));
            }
        }
        return d;
    }

    /**
     * The chunk's vector plus half of each neighbour's, normalised: a window vector from vectors already
     * computed. Half weight measured best on LoCoMo (hybrid R@10 76.9; equal weights 76.0; 0.7 76.4).
     */
    private float[] derivedWindow(List<Chunk> file, int i, Map<String, float[]> vectors) {
        float[] w = vectors.get(hash(ChunkText.passage(file.get(i)))).clone();
        for (int j : new int[] {i - 1, i + 1}) {
            if (j >= 0 && j < file.size()) {
                float[] v = vectors.get(hash(ChunkText.passage(file.get(j))));
                if (v == null) {
                    continue; // a neighbour still pending: its file is rewritten, windows and all, when it gets its vector
                }
                for (int d = 0; d < w.length; d++) {
                    w[d] += NEIGHBOUR_WEIGHT * v[d];
                }
            }
        }
        double n = 0;
        for (float x : w) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int d = 0; d < w.length; d++) {
            w[d] *= inv;
        }
        return w;
    }

    /**
     * Halfway between two unit vectors: not normalised, so that its dot product with a query is the mean
     * of the two cosines (Lucene's dot-product similarity takes any vector; it scores (1 + dot) / 2).
     */
    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int d = 0; d < a.length; d++) {
            m[d] = (a[d] + b[d]) / 2;
        }
        return m;
    }

    /** Keyed by model as well as text: a vector of another model must never be reused. */
    private String hash(String text) {
        return ChunkText.hash(embedder.modelId() + "\n" + text);
    }

    @Override
    public void deleteFile(String file) throws CtxException {
        try {
            writer().deleteDocuments(new Term(PATH, file));
        } catch (IOException e) {
            throw io("delete from the search index", e);
        }
    }

    @Override
    public void commit() throws CtxException {
        commit(null);
    }

    /** Commits the changes together with the meta document (when given), then refreshes searches. */
    void commit(Map<String, String> meta) throws CtxException {
        IndexWriter w = writer();
        try {
            if (meta != null) {
                Document d = new Document();
                d.add(new StringField(TYPE, "meta", Field.Store.YES));
                meta.forEach((k, v) -> d.add(new StoredField("meta." + k, v == null ? "" : v)));
                w.updateDocument(new Term(TYPE, "meta"), d);
            }
            w.commit();
            refresh();
        } catch (IOException e) {
            throw io("commit the search index", e);
        }
    }

    /** Whether the last attempt to read the index found it damaged (it is then rebuilt from clean). */
    boolean corrupt() {
        return corrupt;
    }

    /**
     * Picks up the last commit (this process's or another's); false when no index has been committed yet,
     * or when it is unreadable (a power cut during a commit): {@link #corrupt()} then says so.
     */
    boolean refresh() throws CtxException {
        try {
            if (manager == null) {
                if (!DirectoryReader.indexExists(dir)) {
                    corrupt = false;
                    return false;
                }
                SearcherFactory f = new SearcherFactory() {
                    @Override
                    public IndexSearcher newSearcher(IndexReader r, IndexReader previous) {
                        IndexSearcher s = searchPool == null ? new IndexSearcher(r) : new IndexSearcher(r, searchPool);
                        s.setSimilarity(similarity);
                        return s;
                    }
                };
                manager = new SearcherManager(dir, f);
                corrupt = false;
            } else {
                manager.maybeRefreshBlocking();
            }
            return true;
        } catch (IndexNotFoundException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            // Not only CorruptIndexException and its kin: random bytes fail anywhere in Lucene's decoding
            // (EOF, an impossible length, a bad array index). Whatever it is, the cache is rebuilt from git.
            closeManager();
            corrupt = true;
            return false;
        }
    }

    private void closeManager() {
        if (manager != null) {
            try {
                manager.close();
            } catch (IOException e) {
                // read handles only
            }
            manager = null;
        }
    }

    /**
     * The searchable vectors of these chunks, by chunk id: the vectors hits' similarities were computed with, for
     * judging a hit by its own text's noise level ({@code dev.ctx.index.HubNoise}). Chunks without one are absent.
     */
    @Override
    public Map<String, float[]> vectors(Collection<String> ids) throws CtxException {
        Map<String, float[]> out = new HashMap<>();
        IndexSearcher s = acquire();
        if (s == null) {
            return out;
        }
        try {
            for (String id : ids) {
                for (ScoreDoc sd : s.search(new TermQuery(new Term(ID, id)), 4).scoreDocs) {
                    float[] v = StoredVectors.searchable(s, sd.doc, VEC);
                    if (v != null) {
                        out.put(id, v);
                        break;
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    /** The meta document of the last commit; empty when there is none. */
    Map<String, String> meta() throws CtxException {
        Map<String, String> m = new HashMap<>();
        IndexSearcher s = acquire();
        if (s == null) {
            return m;
        }
        try {
            TopDocs td = s.search(new TermQuery(new Term(TYPE, "meta")), 1);
            if (td.scoreDocs.length > 0) {
                s.storedFields().document(td.scoreDocs[0].doc).getFields().forEach(f -> {
                    if (f.name().startsWith("meta.")) {
                        m.put(f.name().substring(5), f.stringValue());
                    }
                });
            }
            return m;
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    /** How many vectors each segment of the last commit holds (segments without any left out). */
    List<Integer> vectorsPerSegment() throws CtxException {
        IndexSearcher s = acquire();
        if (s == null) {
            return List.of();
        }
        try {
            List<Integer> out = new ArrayList<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                FloatVectorValues v = leaf.reader().getFloatVectorValues(VEC);
                if (v != null && v.size() > 0) {
                    out.add(v.size());
                }
            }
            return out;
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    /** Segments in the last commit. */
    int segments() throws CtxException {
        IndexSearcher s = acquire();
        if (s == null) {
            return 0;
        }
        try {
            return s.getIndexReader().leaves().size();
        } finally {
            release(s);
        }
    }

    /**
     * A task that merges the whole index into one segment through the writer held now. Other threads may
     * go on writing through that writer meanwhile: Lucene merges beside indexing, and a commit does not
     * wait for a running merge.
     */
    Callable<Void> mergeIntoOne() throws CtxException {
        IndexWriter w = writer();
        return () -> {
            w.forceMerge(1);
            return null;
        };
    }

    /** Chunks and distinct files in the last commit. */
    int[] counts() throws CtxException {
        IndexSearcher s = acquire();
        if (s == null) {
            return new int[] {0, 0};
        }
        try {
            int chunks = s.count(new TermQuery(new Term(TYPE, "chunk")));
            Set<String> files = new HashSet<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Terms t = leaf.reader().terms(PATH);
                if (t == null) {
                    continue;
                }
                TermsEnum te = t.iterator();
                Bits live = leaf.reader().getLiveDocs();
                for (BytesRef b = te.next(); b != null; b = te.next()) {
                    PostingsEnum pe = te.postings(null, PostingsEnum.NONE);
                    for (int doc = pe.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = pe.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            files.add(b.utf8ToString());
                            break;
                        }
                    }
                }
            }
            return new int[] {chunks, files.size()};
        } catch (IOException e) {
            throw io("read the search index", e);
        } finally {
            release(s);
        }
    }

    @Override
    public List<SearchHit> search(SearchRequest r, SearchMode mode) throws CtxException {
        if (mode != SearchMode.BM25 && embedder == null) {
            throw CtxException.refused(mode.label() + " search needs an embedding model and none is configured; use --mode bm25");
        }
        IndexSearcher s = acquire();
        if (s == null) {
            return List.of();
        }
        try {
            return retrieval.search(s, r, mode);
        } catch (IOException e) {
            throw io("search", e);
        } finally {
            release(s);
        }
    }

    /**
     * Every candidate of a hybrid search, ranked by the second stage but not cut to k, each hit's explanation with
     * its fused score and lift part by part: what benchmarks need to replay the second stage and the floor offline
     * ({@code dev.ctx.bench.CandidateDump}). Searches use {@link #search}.
     */
    public List<SearchHit> candidates(SearchRequest r) throws CtxException {
        if (embedder == null) {
            throw CtxException.refused("hybrid search needs an embedding model and none is configured; use --mode bm25");
        }
        IndexSearcher s = acquire();
        if (s == null) {
            return List.of();
        }
        try {
            return retrieval.candidates(s, r);
        } catch (IOException e) {
            throw io("search", e);
        } finally {
            release(s);
        }
    }

    private IndexSearcher acquire() throws CtxException {
        if (manager == null && !refresh()) {
            return null;
        }
        try {
            return manager.acquire();
        } catch (IOException e) {
            throw io("open a searcher", e);
        }
    }

    private void release(IndexSearcher s) {
        if (s != null) {
            try {
                manager.release(s);
            } catch (IOException e) {
                // a searcher that fails to close leaks file handles only until the manager closes
            }
        }
    }

    private IndexWriter writer() {
        if (writer == null) {
            throw new IllegalStateException("the search index is open read-only");
        }
        return writer;
    }

    static CtxException io(String what, Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
        return new CtxException(Problem.IO, "cannot " + what + ": " + m + "; the index is a cache, 'ctx index rebuild' recreates it", e);
    }

    /** Closes searches, then the writer (dropping what was not committed), then the directory. */
    @Override
    public void close() {
        retrieval.close();
        if (searchPool != null) {
            searchPool.shutdownNow();
        }
        closeManager();
        try {
            closeWriter(false);
        } catch (CtxException e) {
            // rollback never reports failure
        }
        try {
            dir.close();
        } catch (IOException e) {
            // as above
        }
        analyzer.close();
    }
}
