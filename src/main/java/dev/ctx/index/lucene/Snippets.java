package dev.ctx.index.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** A short excerpt of a hit: the line (or run of lines) sharing the most analysed terms with the query. */
final class Snippets {
    static final int MAX = 240;

    private Snippets() {
    }

    static String best(String text, String query, Analyzer analyzer) {
        Set<String> q = terms(analyzer, query);
        String[] lines = text.split("\n");
        int best = -1;
        int bestScore = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Set<String> t = terms(analyzer, lines[i]);
            t.retainAll(q);
            if (t.size() > bestScore) {
                bestScore = t.size();
                best = i;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(best, 0); i < lines.length && sb.length() < MAX; i++) {
            if (!lines[i].isBlank()) {
                sb.append(sb.length() == 0 ? "" : " ").append(lines[i].strip());
            }
        }
        String s = sb.toString();
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }

    private static Set<String> terms(Analyzer analyzer, String text) {
        Set<String> out = new HashSet<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
