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

import dev.ctx.index.Embedder;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private ExecutorService aside;

    Retrieval(Analyzer analyzer, Embedder embedder) {
        this.analyzer = analyzer;
        this.embedder = embedder;
    }

    List<SearchHit> search(IndexSearcher s, SearchRequest r, SearchMode mode) throws IOException, CtxException {
        return hits(s, r, mode, r.k());
    }

    /**
     * Every candidate of a hybrid search (both lists, as deep as for {@code r.k()}), second stage applied and not cut
     * to k, each with its lift part by part: for benchmarks that replay the second stage and the floor offline.
     */
    List<SearchHit> candidates(IndexSearcher s, SearchRequest r) throws IOException, CtxException {
        return hits(s, r, SearchMode.HYBRID, Integer.MAX_VALUE);
    }

    /** The first {@code cut} hits of the fused lists, in hybrid after the second stage. */
    private List<SearchHit> hits(IndexSearcher s, SearchRequest r, SearchMode mode, int cut) throws IOException, CtxException {
        List<Fusion.Fused> fused = fused(s, r, mode);
        String subject = QueryWords.subject(r.query());
        // Hybrid re-orders every fused candidate, not only the first k, so that evidence beyond the two lists can lift one.
        List<Fusion.Fused> ranked = mode == SearchMode.HYBRID
                ? Rescoring.rescore(s.getIndexReader(), subject, fused, cut)
                : fused.subList(0, Math.min(cut, fused.size()));
        StoredFields stored = s.storedFields();
        QueryWeights weights = QueryWeights.of(s.getIndexReader(), analyzer, BODY, subject);
        List<SearchHit> hits = new ArrayList<>();
        for (Fusion.Fused f : ranked) {
            hits.add(hit(stored, f, r, weights));
        }
        return hits;
    }

    /** The two lists fused, best first: all of them in hybrid (the second stage cuts to k), k otherwise. */
    private List<Fusion.Fused> fused(IndexSearcher s, SearchRequest r, SearchMode mode) throws IOException, CtxException {
        Query filter = filter(r);
        // Fusion needs each list deeper than k; a single list needs only k (and BM25's block-max skipping then works best).
        int depth = mode == SearchMode.BM25 ? r.k() : Math.max(50, 2 * r.k());
        // The query is embedded first, alone: the model's threads use every core, and a BM25 search beside
        // them made the embedding half again slower on two cores. BM25 then runs beside the HNSW search.
        float[] q = mode == SearchMode.BM25 ? null : embedder.embedQuery(r.query());
        Future<List<Fusion.Scored>> words = mode == SearchMode.HYBRID ? aside(() -> bm25(s, r.query(), filter, depth)) : null;
        List<Fusion.Scored> dn = q == null ? List.of() : dense(s, q, filter, depth);
        List<Fusion.Scored> bm = mode == SearchMode.VECTOR ? List.of() : words != null ? await(words) : bm25(s, r.query(), filter, depth);
        Set<Integer> unembedded = new HashSet<>();
        if (mode == SearchMode.HYBRID) {
            bm.forEach(b -> unembedded.add(b.doc()));
            unembedded.removeAll(withVectors(s, unembedded));
        }
        return Fusion.fuse(bm, dn, unembedded, mode, mode == SearchMode.HYBRID ? Integer.MAX_VALUE : r.k());
    }

    private List<Fusion.Scored> bm25(IndexSearcher s, String query, Query filter, int depth) throws IOException {
        String text = QueryWords.subject(query);
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

    /** Runs a task on a second thread: BM25 beside the HNSW search. */
    private <T> Future<T> aside(Callable<T> task) {
        synchronized (this) {
            if (aside == null) {
                aside = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ctx-search-aside");
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        return aside.submit(task);
    }

    private static <T> T await(Future<T> f) throws CtxException, IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while searching");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CtxException c) {
                throw c;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new CtxException(Problem.IO, "the BM25 search failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the second thread. */
    void close() {
        synchronized (this) {
            if (aside != null) {
                aside.shutdownNow();
            }
        }
    }

    /**
     * The chunks nearest the query by HNSW over {@link LuceneChunkIndex#VEC}, whose dot product with the
     * query is the dense score itself: Lucene scores a dot-product hit (1 + dot) / 2, computed on the
     * stored float vector, so the exact score comes back without reading any vector.
     */
    private static List<Fusion.Scored> dense(IndexSearcher s, float[] q, Query filter, int depth) throws IOException {
        List<Fusion.Scored> out = new ArrayList<>();
        // HNSW is approximate: it is asked for half as many again and the best `depth` kept. On LoCoMo that
        // recovers what asking for `depth` misses (vector R@10 71.4 at 1x, 72.2 at 1.5x, 72.3 at 2x), for
        // about 0.4 ms at 130,000 chunks (KNN p50 1.4 ms at 50, 1.8 ms at 75, 2.3 ms at 100).
        int fetch = depth + depth / 2;
        ScoreDoc[] nearest = s.search(new KnnFloatVectorQuery(VEC, q, fetch, filter), fetch).scoreDocs;
        for (ScoreDoc sd : Arrays.copyOf(nearest, Math.min(depth, nearest.length))) {
            out.add(new Fusion.Scored(sd.doc, 2 * sd.score - 1));
        }
        return out;
    }

    /** Which of these documents have a vector: read leaf by leaf in document order, each leaf's values opened once. */
    private static Set<Integer> withVectors(IndexSearcher s, Set<Integer> docs) throws IOException {
        Set<Integer> out = new HashSet<>();
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        FloatVectorValues values = null;
        for (int doc : docs.stream().sorted().toList()) {
            if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                values = leaf.reader().getFloatVectorValues(VEC);
            }
            int local = doc - leaf.docBase;
            if (values != null && values.docID() <= local && (values.docID() == local || values.advance(local) == local)) {
                out.add(doc);
            }
        }
        return out;
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

    private SearchHit hit(StoredFields stored, Fusion.Fused f, SearchRequest r, QueryWeights weights) throws IOException {
        Document d = stored.document(f.doc());
        String text = d.get(TEXT);
        IndexableField date = d.getField(DATE);
        Instant when = date == null ? null : Instant.ofEpochMilli(date.numericValue().longValue());
        Kind kind = Kind.parse(d.get(KIND));
        // The hit's own words as BM25 reads them (trail, a recall turn's date, text): what it shares with the query.
        String body = d.get(HEADING) + "\n" + (kind == Kind.RECALL && when != null ? ChunkText.day(when) + ": " : "") + text;
        return new SearchHit(d.get(ID), d.get(PATH), d.get(HEADING), d.getField(LINE).numericValue().intValue(),
                kind, Tier.valueOf(d.get(TIER)), when,
                d.get(DESCRIPTION), Snippets.best(text, r.query(), analyzer), f.score(), f.explain().withWords(weights.share(body)));
    }
}
