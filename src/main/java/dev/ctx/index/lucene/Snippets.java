package dev.ctx.index.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A short excerpt of a hit, centred on the query's words: the window of the chunk's text (lines joined)
 * holding the most analysed query terms, starting a little before the first of them so the reader sees
 * the context and the answer after it. Without any shared word (a hit found by meaning) it is the start.
 */
final class Snippets {
    static final int MAX = 240;
    /** Characters of context kept before the first matched word of the window. */
    static final int LEAD = 60;

    private Snippets() {
    }

    static String best(String text, String query, Analyzer analyzer) {
        String flat = flatten(text);
        if (flat.length() <= MAX) {
            return flat;
        }
        Set<String> q = terms(analyzer, query);
        List<Match> at = matches(analyzer, flat, q);
        int start = 0;
        if (!at.isEmpty()) {
            // The window of MAX - LEAD characters after a match with the most distinct query words (then the
            // most matches): a common word repeated must not outweigh the words the question is about.
            // Among equals, the tightest cluster: the question's words close together are the answer's place.
            long best = Long.MIN_VALUE;
            for (int i = 0; i < at.size(); i++) {
                Set<String> distinct = new HashSet<>();
                int count = 0;
                int span = 0;
                for (int j = i; j < at.size() && at.get(j).offset() < at.get(i).offset() + MAX - LEAD; j++) {
                    if (distinct.add(at.get(j).term())) {
                        span = at.get(j).offset() - at.get(i).offset();
                    }
                    count++;
                }
                long score = distinct.size() * 1_000_000L + count * 1000L - span;
                if (score > best) {
                    best = score;
                    start = at.get(i).offset();
                }
            }
            start = wordStart(flat, Math.max(0, start - LEAD));
        }
        int end = Math.min(flat.length(), start + MAX - 2);
        if (end < flat.length()) {
            int space = flat.lastIndexOf(' ', end);
            end = space > start + MAX / 2 ? space : end;
        }
        return (start > 0 ? "…" : "") + flat.substring(start, end).strip() + (end < flat.length() ? "…" : "");
    }

    private static String flatten(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                sb.append(sb.length() == 0 ? "" : " ").append(line.strip());
            }
        }
        return sb.toString();
    }

    /** The start of the word at or after {@code i}, so a snippet never opens mid-word. */
    private static int wordStart(String s, int i) {
        if (i == 0 || s.charAt(i - 1) == ' ') {
            return i;
        }
        int space = s.indexOf(' ', i);
        return space < 0 ? i : space + 1;
    }

    private record Match(int offset, String term) {
    }

    private static List<Match> matches(Analyzer analyzer, String text, Set<String> q) {
        List<Match> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (q.contains(term.toString())) {
                    out.add(new Match(offset.startOffset(), term.toString()));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
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
