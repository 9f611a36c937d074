package dev.ctx.index.lucene;

import dev.ctx.index.Chunk;
import dev.ctx.index.ChunkIndex;
import dev.ctx.index.Embedder;
import dev.ctx.index.SearchHit;
import dev.ctx.index.SearchMode;
import dev.ctx.index.SearchRequest;
import dev.ctx.index.Tier;
import dev.ctx.model.CtxException;
import dev.ctx.model.Kind;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
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
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.QueryBuilder;

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
    static final String DESCRIPTION = "description";
    static final String TEXT = "text";
    static final String BODY = "body";
    static final String CONTEXT = "ctxt";
    static final String VEC = "vec";
    static final String VEC_WINDOW = "vecw";
    static final String HASH = "h";
    static final String HASH_WINDOW = "hw";

    /** Weight of the neighbour field against the chunk's own text (FACTS.md: +6 points R@10 on LoCoMo at 0.5). */
    static final float CONTEXT_BOOST = 0.5f;
    private static final int EMBED_BATCH = 64;

    private final Directory dir;
    private final Embedder embedder;
    private final boolean windowVectors;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Similarity similarity = new BM25Similarity(0.9f, 0.4f);
    private IndexWriter writer;
    private SearcherManager manager;
    private boolean corrupt;

    /**
     * @param embedder      null for a BM25-only index
     * @param windowVectors also embed each chunk with its neighbours, and score the dense side on both
     */
    public LuceneChunkIndex(Directory dir, Embedder embedder, boolean windowVectors) {
        this.dir = dir;
        this.embedder = embedder;
        this.windowVectors = windowVectors && embedder != null;
    }

    /** An index in memory with its writer open: for benchmarks and tests that feed chunks directly. */
    public static LuceneChunkIndex inMemory(Embedder embedder, boolean windowVectors) throws CtxException {
        LuceneChunkIndex idx = new LuceneChunkIndex(new ByteBuffersDirectory(), embedder, windowVectors);
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
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer)
                .setSimilarity(similarity)
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(128)
                .setUseCompoundFile(false);
        try {
            if (corrupt && !wipe()) {
                return false;
            }
            writer = new IndexWriter(dir, cfg);
            return true;
        } catch (LockObtainFailedException e) {
            return false;
        } catch (IOException e) {
            throw io("open the search index for writing", e);
        }
    }

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
        try (org.apache.lucene.store.Lock l = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            for (String f : dir.listAll()) {
                if (!f.equals(IndexWriter.WRITE_LOCK_NAME)) {
                    dir.deleteFile(f);
                }
            }
        } catch (LockObtainFailedException e) {
            return false;
        }
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
        try (org.apache.lucene.store.Lock l = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
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
        IndexWriter w = writer();
        Map<String, float[]> vectors = new HashMap<>();
        int embedded = embedder == null ? 0 : embedMissing(files, vectors);
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

    private int embedMissing(Map<String, List<Chunk>> files, Map<String, float[]> vectors) throws CtxException {
        Map<String, String> missing = new LinkedHashMap<>();
        IndexSearcher s = acquire();
        try {
            for (List<Chunk> chunks : files.values()) {
                for (int i = 0; i < chunks.size(); i++) {
                    want(s, HASH, VEC, ChunkText.passage(chunks.get(i)), vectors, missing);
                    if (windowVectors) {
                        want(s, HASH_WINDOW, VEC_WINDOW, ChunkText.window(chunks, i), vectors, missing);
                    }
                }
            }
        } catch (IOException e) {
            throw io("read stored embeddings", e);
        } finally {
            release(s);
        }
        List<String> hashes = new ArrayList<>(missing.keySet());
        for (int from = 0; from < hashes.size(); from += EMBED_BATCH) {
            List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + EMBED_BATCH));
            List<float[]> out = embedder.embedPassages(batch.stream().map(missing::get).toList());
            if (out.size() != batch.size()) {
                throw new CtxException(Problem.IO, "the embedding model returned " + out.size() + " vectors for " + batch.size() + " texts");
            }
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), out.get(i));
            }
        }
        return hashes.size();
    }

    /** Finds the vector of {@code text} among the committed chunks (any file), or queues it for embedding. */
    private void want(IndexSearcher s, String hashField, String vecField, String text, Map<String, float[]> vectors,
                             Map<String, String> missing) throws IOException {
        String h = hash(text);
        if (vectors.containsKey(h) || missing.containsKey(h)) {
            return;
        }
        if (s != null) {
            TopDocs td = s.search(new TermQuery(new Term(hashField, h)), 1);
            if (td.scoreDocs.length > 0) {
                float[] v = vectorOf(s, td.scoreDocs[0].doc, vecField);
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
        d.add(new StoredField(HEADING, c.trail()));
        d.add(new StoredField(LINE, c.line()));
        d.add(new StoredField(DESCRIPTION, c.description()));
        d.add(new StoredField(TEXT, c.text()));
        d.add(new TextField(BODY, ChunkText.body(c), Field.Store.NO));
        d.add(new TextField(CONTEXT, ChunkText.neighbours(file, i), Field.Store.NO));
        if (embedder != null) {
            String h = hash(ChunkText.passage(c));
            d.add(new StringField(HASH, h, Field.Store.NO));
            d.add(new KnnFloatVectorField(VEC, vectors.get(h), VectorSimilarityFunction.DOT_PRODUCT));
            if (windowVectors) {
                String hw = hash(ChunkText.window(file, i));
                d.add(new StringField(HASH_WINDOW, hw, Field.Store.NO));
                d.add(new KnnFloatVectorField(VEC_WINDOW, vectors.get(hw), VectorSimilarityFunction.DOT_PRODUCT));
            }
        }
        return d;
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
                    public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader r, org.apache.lucene.index.IndexReader previous) {
                        IndexSearcher s = new IndexSearcher(r);
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
        } catch (org.apache.lucene.index.IndexNotFoundException e) {
            return false;
        } catch (org.apache.lucene.index.CorruptIndexException | org.apache.lucene.index.IndexFormatTooOldException
                 | org.apache.lucene.index.IndexFormatTooNewException | java.nio.file.NoSuchFileException e) {
            closeManager();
            corrupt = true;
            return false;
        } catch (IOException e) {
            throw io("open the search index", e);
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

    /** Chunks and distinct files in the last commit. */
    int[] counts() throws CtxException {
        IndexSearcher s = acquire();
        if (s == null) {
            return new int[] {0, 0};
        }
        try {
            int chunks = s.count(new TermQuery(new Term(TYPE, "chunk")));
            java.util.Set<String> files = new java.util.HashSet<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                org.apache.lucene.index.Terms t = leaf.reader().terms(PATH);
                if (t == null) {
                    continue;
                }
                org.apache.lucene.index.TermsEnum te = t.iterator();
                org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
                for (org.apache.lucene.util.BytesRef b = te.next(); b != null; b = te.next()) {
                    org.apache.lucene.index.PostingsEnum pe = te.postings(null, org.apache.lucene.index.PostingsEnum.NONE);
                    for (int doc = pe.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; doc = pe.nextDoc()) {
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
            Query filter = filter(r);
            // Fusion needs each list deeper than k; a single list needs only k (and BM25's block-max skipping then works best).
            int depth = mode == SearchMode.BM25 ? r.k() : Math.max(50, 2 * r.k());
            List<Fusion.Scored> bm = mode == SearchMode.VECTOR ? List.of() : bm25(s, r.query(), filter, depth);
            List<Fusion.Scored> dn = mode == SearchMode.BM25 ? List.of() : dense(s, r.query(), filter, depth);
            List<SearchHit> hits = new ArrayList<>();
            org.apache.lucene.index.StoredFields stored = s.storedFields();
            for (Fusion.Fused f : Fusion.fuse(bm, dn, mode, r.k())) {
                hits.add(hit(stored, f, r));
            }
            return hits;
        } catch (IOException e) {
            throw io("search", e);
        } finally {
            release(s);
        }
    }

    private List<Fusion.Scored> bm25(IndexSearcher s, String text, Query filter, int depth) throws IOException {
        QueryBuilder qb = new QueryBuilder(analyzer);
        Query body = qb.createBooleanQuery(BODY, text);
        Query ctxt = qb.createBooleanQuery(CONTEXT, text);
        if (body == null && ctxt == null) {
            return List.of();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        if (body != null) {
            words.add(body, Occur.SHOULD);
        }
        if (ctxt != null) {
            words.add(new BoostQuery(ctxt, CONTEXT_BOOST), Occur.SHOULD);
        }
        // MUST, not SHOULD beside the filter: next to a FILTER clause, SHOULD clauses become optional.
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(words.build(), Occur.MUST);
        if (filter != null) {
            b.add(filter, Occur.FILTER);
        }
        List<Fusion.Scored> out = new ArrayList<>();
        for (ScoreDoc sd : s.search(b.build(), depth).scoreDocs) {
            out.add(new Fusion.Scored(sd.doc, sd.score));
        }
        return out;
    }

    /**
     * HNSW candidates from the chunk vectors (and the window vectors), then each candidate scored exactly:
     * cosine of the chunk, averaged with the cosine of its window when window vectors are on.
     */
    private List<Fusion.Scored> dense(IndexSearcher s, String text, Query filter, int depth) throws IOException, CtxException {
        float[] q = embedder.embedQuery(text);
        java.util.Set<Integer> candidates = new java.util.LinkedHashSet<>();
        for (ScoreDoc sd : s.search(new KnnFloatVectorQuery(VEC, q, depth, filter), depth).scoreDocs) {
            candidates.add(sd.doc);
        }
        if (windowVectors) {
            for (ScoreDoc sd : s.search(new KnnFloatVectorQuery(VEC_WINDOW, q, depth, filter), depth).scoreDocs) {
                candidates.add(sd.doc);
            }
        }
        List<Fusion.Scored> out = new ArrayList<>();
        for (int doc : candidates) {
            float[] v = vectorOf(s, doc, VEC);
            if (v == null) {
                continue;
            }
            float score = dot(q, v);
            if (windowVectors) {
                float[] w = vectorOf(s, doc, VEC_WINDOW);
                score = w == null ? score : (score + dot(q, w)) / 2;
            }
            out.add(new Fusion.Scored(doc, score));
        }
        out.sort((a, b) -> Float.compare(b.score(), a.score()));
        return out.size() > depth ? out.subList(0, depth) : out;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static float[] vectorOf(IndexSearcher s, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues vv = leaf.reader().getFloatVectorValues(field);
        if (vv == null) {
            return null;
        }
        int local = doc - leaf.docBase;
        return vv.advance(local) == local ? vv.vectorValue().clone() : null;
    }

    private static Query filter(SearchRequest r) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        if (!r.kinds().isEmpty()) {
            BooleanQuery.Builder kinds = new BooleanQuery.Builder();
            r.kinds().forEach(k -> kinds.add(new TermQuery(new Term(KIND, k.label())), Occur.SHOULD));
            b.add(kinds.build(), Occur.FILTER);
            any = true;
        }
        if (r.pathPrefix() != null) {
            String p = r.pathPrefix();
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            BooleanQuery.Builder path = new BooleanQuery.Builder();
            path.add(new TermQuery(new Term(PATH, p)), Occur.SHOULD);
            path.add(new PrefixQuery(new Term(PATH, p + "/")), Occur.SHOULD);
            if (!p.endsWith(".md")) {
                path.add(new TermQuery(new Term(PATH, p + ".md")), Occur.SHOULD);
            }
            b.add(path.build(), Occur.FILTER);
            any = true;
        }
        if (r.since() != null) {
            b.add(LongPoint.newRangeQuery(DATE, r.since().toEpochMilli(), Long.MAX_VALUE), Occur.FILTER);
            any = true;
        }
        return any ? b.build() : null;
    }

    private SearchHit hit(org.apache.lucene.index.StoredFields stored, Fusion.Fused f, SearchRequest r) throws IOException {
        Document d = stored.document(f.doc());
        String text = d.get(TEXT);
        org.apache.lucene.index.IndexableField date = d.getField(DATE);
        return new SearchHit(d.get(ID), d.get(PATH), d.get(HEADING), d.getField(LINE).numericValue().intValue(),
                Kind.parse(d.get(KIND)), Tier.valueOf(d.get(TIER)),
                date == null ? null : Instant.ofEpochMilli(date.numericValue().longValue()),
                d.get(DESCRIPTION), Snippets.best(text, r.query(), analyzer), f.score(), r.explain() ? f.explain() : null);
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

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
