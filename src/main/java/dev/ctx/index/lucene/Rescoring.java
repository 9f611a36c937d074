package dev.ctx.index.lucene;

import static dev.ctx.index.lucene.LuceneChunkIndex.DATE;
import static dev.ctx.index.lucene.LuceneChunkIndex.PATH;
import static dev.ctx.index.lucene.LuceneChunkIndex.SPEAKER;

import dev.ctx.model.Explanation;
import dev.ctx.model.Kind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.BytesRef;
/**
 * The second stage of a hybrid search: the fused candidates (every hit of either list) re-ordered with three
 * cheap pieces of evidence the two lists cannot see, each added to the fused score (which lies in [0, 1]):
 * <ul>
 *   <li>the file's other evidence ({@link #FILE_WEIGHT}): the fused scores of the file's other candidates,
 *       over the best file's total. The turns that answer a question cluster in the session where it was
 *       talked about (capping hits per session cost 1-5 points of recall@10), and a turn in a session full of
 *       candidates is more likely the answer than a lone match in a session about something else;</li>
 *   <li>the speaker ({@link #SPEAKER_WEIGHT}): a recall turn whose speaker the question names ("what does
 *       Melanie do to destress?": 930 of LoCoMo's 967 gold turns of questions naming one speaker are that
 *       speaker's own);</li>
 *   <li>the date ({@link #DATE_WEIGHT}): a chunk dated inside a date the question names ({@link QueryDates}).</li>
 * </ul>
 * Measured on LoCoMo (docs/search.md): tuned on conversations 1-3, it held on 4-5 (R@5 67.9 -> 71.6, R@10 77.4 -> 78.4).
 * It reads three doc values per candidate (path, speaker, date: {@link #addEvidence}), no stored field: reading the
 * stored fields of 100 candidates cost 2.7 ms of a 12 ms hybrid search (bench-search, 6,500 chunks), these cost
 * microseconds.
 */
final class Rescoring {
    static final float FILE_WEIGHT = 0.3f;
    static final float SPEAKER_WEIGHT = 0.3f;
    static final float DATE_WEIGHT = 0.2f;
    /** The product's recall heading ("user · 2026-03-02T14:05:00Z"): the speaker is its first word. */
    private static final Pattern HEADING_SPEAKER = Pattern.compile("^(\\p{L}[\\p{L}\\p{N}_-]{0,40})(?:\\s+·.*)?$");
    /** A turn written as {@code <Name> said, "..."} (LoCoMo's unit, and how conversation exports often read). */
    private static final Pattern SAID = Pattern.compile("^(\\p{Lu}[\\p{L}'-]{0,30}(?: \\p{Lu}[\\p{L}'-]{0,30}){0,2}) said, ");

    /** What this stage knows of a candidate: its file, its speaker (null: none), its date (null: none). */
    private record Evidence(String path, String speaker, Long date) {
    }

    private Rescoring() {
    }

    /** Adds what this stage reads to a chunk's document, as doc values: its file, its speaker (if any) and its date. */
    static void addEvidence(Document d, String path, String speaker, Instant date) {
        d.add(new SortedDocValuesField(PATH, new BytesRef(path)));
        if (speaker != null) {
            d.add(new SortedDocValuesField(SPEAKER, new BytesRef(speaker)));
        }
        if (date != null) {
            d.add(new NumericDocValuesField(DATE, date.toEpochMilli()));
        }
    }

    /** The candidates re-ordered, best first, at most {@code k}; each one's score is its fused score plus its lift. */
    static List<Fusion.Fused> rescore(IndexReader reader, String subject, List<Fusion.Fused> fused, int k) throws IOException {
        if (fused.isEmpty()) {
            return fused;
        }
        String words = " " + subject.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        List<QueryDates.Span> dates = QueryDates.of(subject);
        Map<Integer, Evidence> evidence = evidence(reader, fused);
        Map<String, Float> fileTotal = new HashMap<>();
        for (Fusion.Fused f : fused) {
            fileTotal.merge(evidence.get(f.doc()).path(), f.score(), Float::sum);
        }
        float best = fileTotal.values().stream().max(Float::compare).orElse(1f);
        List<Fusion.Fused> out = new ArrayList<>(fused.size());
        for (Fusion.Fused f : fused) {
            Evidence e = evidence.get(f.doc());
            float file = best > 0 ? FILE_WEIGHT * (fileTotal.get(e.path()) - f.score()) / best : 0f;
            float named = e.speaker() != null && words.contains(" " + e.speaker() + " ") ? SPEAKER_WEIGHT : 0f;
            float dated = !dates.isEmpty() && e.date() != null && inside(e.date(), dates) ? DATE_WEIGHT : 0f;
            Explanation.Lift lift = new Explanation.Lift(file, named, dated);
            // The explanation keeps the fusion's own score: the hit's score is it plus this stage's lift.
            out.add(new Fusion.Fused(f.doc(), f.score() + lift.total(), f.explain().withLift(lift)));
        }
        out.sort(Comparator.comparingDouble((Fusion.Fused f) -> -f.score()).thenComparingInt(Fusion.Fused::doc));
        return out.subList(0, Math.min(k, out.size()));
    }

    /** Each candidate's evidence, read leaf by leaf in document order (doc values iterate forward only). */
    private static Map<Integer, Evidence> evidence(IndexReader reader, List<Fusion.Fused> fused) throws IOException {
        Map<Integer, Evidence> out = new HashMap<>();
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = null;
        SortedDocValues paths = null;
        SortedDocValues speakers = null;
        NumericDocValues days = null;
        for (int doc : fused.stream().mapToInt(Fusion.Fused::doc).distinct().sorted().toArray()) {
            if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                paths = DocValues.getSorted(leaf.reader(), PATH);
                speakers = DocValues.getSorted(leaf.reader(), SPEAKER);
                days = DocValues.getNumeric(leaf.reader(), DATE);
            }
            int local = doc - leaf.docBase;
            // A document without a path (none is written so) still groups: with the others that lack one.
            String path = paths.advanceExact(local) ? paths.lookupOrd(paths.ordValue()).utf8ToString() : "";
            String speaker = speakers.advanceExact(local) ? speakers.lookupOrd(speakers.ordValue()).utf8ToString() : null;
            Long date = days.advanceExact(local) ? days.longValue() : null;
            out.put(doc, new Evidence(path, speaker, date));
        }
        return out;
    }

    /** Who said a recall turn, lower-cased: the first word of its heading, or the name it opens with; null for other chunks. */
    static String speaker(Kind kind, String heading, String text) {
        if (kind != Kind.RECALL) {
            return null;
        }
        String leaf = heading == null ? "" : heading.substring(heading.lastIndexOf('>') + 1).strip();
        var h = HEADING_SPEAKER.matcher(leaf);
        if (h.matches()) {
            return h.group(1).toLowerCase(Locale.ROOT);
        }
        var s = SAID.matcher(text == null ? "" : text);
        return s.find() ? s.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static boolean inside(long millis, List<QueryDates.Span> spans) {
        Instant t = Instant.ofEpochMilli(millis);
        return spans.stream().anyMatch(sp -> sp.contains(t));
    }
}
