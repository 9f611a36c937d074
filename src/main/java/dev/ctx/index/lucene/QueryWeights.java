package dev.ctx.index.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;

/**
 * The query's analysed terms, each weighted by its rarity in the index (BM25's idf), so that a hit's word
 * evidence can be told in absolute terms: "shares 'run' with the query" (a common word, a small share)
 * is not "shares 'integration tests'". BM25's raw score cannot say this: its scale moves with the query's
 * length and the index's statistics, and the top of any list is just the top.
 */
final class QueryWeights {
    private final Analyzer analyzer;
    private final String field;
    private final Map<String, Double> idf;
    private final double total;

    private QueryWeights(Analyzer analyzer, String field, Map<String, Double> idf) {
        this.analyzer = analyzer;
        this.field = field;
        this.idf = idf;
        this.total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static QueryWeights of(IndexReader reader, Analyzer analyzer, String field, String query) throws IOException {
        Map<String, Double> idf = new LinkedHashMap<>();
        int n = Math.max(1, reader.numDocs());
        for (String t : terms(analyzer, field, query)) {
            int df = reader.docFreq(new Term(field, t));
            // BM25's idf, always positive; a term no chunk has still counts: the query asked for it.
            idf.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
        }
        return new QueryWeights(analyzer, field, idf);
    }

    /** Share of the query's term weight found in {@code text}, 0 to 1 (0 for a query without terms). */
    float share(String text) {
        if (total <= 0) {
            return 0f;
        }
        Set<String> have = terms(analyzer, field, text);
        double found = 0;
        for (Map.Entry<String, Double> e : idf.entrySet()) {
            if (have.contains(e.getKey())) {
                found += e.getValue();
            }
        }
        return (float) (found / total);
    }

    private static Set<String> terms(Analyzer analyzer, String field, String text) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text == null ? "" : text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing text in memory cannot fail", e);
        }
        return out;
    }
}
