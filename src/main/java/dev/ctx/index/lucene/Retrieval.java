package dev.ctx.index.lucene;

import static dev.ctx.index.lucene.LuceneChunkIndex.BODY;
import static dev.ctx.index.lucene.LuceneChunkIndex.CONTEXT;
import static dev.ctx.index.lucene.LuceneChunkIndex.DATE;
import static dev.ctx.index.lucene.LuceneChunkIndex.DESCRIPTION;
import static dev.ctx.index.lucene.LuceneChunkIndex.HEADING;
import static dev.ctx.index.lucene.LuceneChunkIndex.ID;
import static dev.ctx.index.lucene.LuceneChunkIndex.KIND;
import static dev.ctx.index.lucene.LuceneChunkIndex.LINE;
import static dev.ctx.index.lucene.LuceneChunkIndex.PATH;
import static dev.ctx.index.lucene.LuceneChunkIndex.TEXT;
import static dev.ctx.index.lucene.LuceneChunkIndex.TIER;
import static dev.ctx.index.lucene.LuceneChunkIndex.VEC;
import static dev.ctx.index.lucene.LuceneChunkIndex.VEC_WINDOW;

import dev.ctx.index.Embedder;
import dev.ctx.index.SearchHit;
import dev.ctx.index.SearchMode;
import dev.ctx.index.SearchRequest;
import dev.ctx.index.Tier;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.ctx.model.Kind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * One search over one searcher: the filters, the BM25 list (chunk text, and neighbours at half weight),
 * the dense list (HNSW candidates re-scored exactly), their fusion, and the hits with snippets.
 */
final class Retrieval {
    /** Weight of the neighbour field against the chunk's own text (FACTS.md: +6 points R@10 on LoCoMo at 0.5). */
    static final float CONTEXT_BOOST = 0.5f;

    private final Analyzer analyzer;
    private final Embedder embedder;
    private final boolean windowVectors;
    private ExecutorService aside;

    Retrieval(Analyzer analyzer, Embedder embedder, boolean windowVectors) {
        this.analyzer = analyzer;
        this.embedder = embedder;
        this.windowVectors = windowVectors;
    }

    List<SearchHit> search(IndexSearcher s, SearchRequest r, SearchMode mode) throws IOException, CtxException {
        Query filter = filter(r);
        // Fusion needs each list deeper than k; a single list needs only k (and BM25's block-max skipping then works best).
        int depth = mode == SearchMode.BM25 ? r.k() : Math.max(50, 2 * r.k());
        // In hybrid the query's embedding (a model run, or a round trip to the warm server) overlaps the BM25 search.
        Future<float[]> q = mode == SearchMode.HYBRID ? embedAside(r.query()) : null;
        List<Fusion.Scored> bm = mode == SearchMode.VECTOR ? List.of() : bm25(s, r.query(), filter, depth);
        List<Fusion.Scored> dn = mode == SearchMode.BM25 ? List.of()
                : dense(s, q != null ? await(q) : embedder.embedQuery(r.query()), filter, depth);
        Set<Integer> unembedded = new HashSet<>();
        if (mode == SearchMode.HYBRID) {
            for (Fusion.Scored b : bm) {
                if (!hasVector(s, b.doc(), VEC)) {
                    unembedded.add(b.doc());
                }
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        StoredFields stored = s.storedFields();
        for (Fusion.Fused f : Fusion.fuse(bm, dn, unembedded, mode, r.k())) {
            hits.add(hit(stored, f, r));
        }
        return hits;
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
    private Future<float[]> embedAside(String text) {
        synchronized (this) {
            if (aside == null) {
                aside = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ctx-query-embedding");
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        return aside.submit(() -> embedder.embedQuery(text));
    }

    private static float[] await(Future<float[]> f) throws CtxException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while embedding the query");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtxException c) {
                throw c;
            }
            throw new CtxException(Problem.IO, "cannot embed the query: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the thread that embeds queries beside BM25 searches. */
    void close() {
        synchronized (this) {
            if (aside != null) {
                aside.shutdownNow();
            }
        }
    }

    private List<Fusion.Scored> dense(IndexSearcher s, float[] q, Query filter, int depth) throws IOException {
        Set<Integer> candidates = new LinkedHashSet<>();
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
        FloatVectorValues vv = positioned(s, doc, field);
        return vv == null ? null : vv.vectorValue().clone();
    }

    /** Whether the document has a vector in the field, without reading the vector. */
    private static boolean hasVector(IndexSearcher s, int doc, String field) throws IOException {
        return positioned(s, doc, field) != null;
    }

    /** The field's vectors positioned on the document; null when the document has none. */
    private static FloatVectorValues positioned(IndexSearcher s, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues vv = leaf.reader().getFloatVectorValues(field);
        int local = doc - leaf.docBase;
        return vv != null && vv.advance(local) == local ? vv : null;
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

    private SearchHit hit(StoredFields stored, Fusion.Fused f, SearchRequest r) throws IOException {
        Document d = stored.document(f.doc());
        String text = d.get(TEXT);
        IndexableField date = d.getField(DATE);
        return new SearchHit(d.get(ID), d.get(PATH), d.get(HEADING), d.getField(LINE).numericValue().intValue(),
                Kind.parse(d.get(KIND)), Tier.valueOf(d.get(TIER)),
                date == null ? null : Instant.ofEpochMilli(date.numericValue().longValue()),
                d.get(DESCRIPTION), Snippets.best(text, r.query(), analyzer), f.score(), r.explain() ? f.explain() : null);
    }
}
