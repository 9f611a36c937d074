package dev.ctx.index.lucene;

import static dev.ctx.index.lucene.LuceneChunkIndex.DATE;
import static dev.ctx.index.lucene.LuceneChunkIndex.HEADING;
import static dev.ctx.index.lucene.LuceneChunkIndex.KIND;
import static dev.ctx.index.lucene.LuceneChunkIndex.PATH;
import static dev.ctx.index.lucene.LuceneChunkIndex.TEXT;

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
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;

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
 * The stored fields of at most a few hundred candidates are read, about a millisecond.
 */
final class Rescoring {
    static final float FILE_WEIGHT = 0.3f;
    static final float SPEAKER_WEIGHT = 0.3f;
    static final float DATE_WEIGHT = 0.2f;
    private static final Set<String> FIELDS = Set.of(PATH, KIND, HEADING, TEXT, DATE);
    /** The product's recall heading ("user · 2026-03-02T14:05:00Z"): the speaker is its first word. */
    private static final Pattern HEADING_SPEAKER = Pattern.compile("^(\\p{L}[\\p{L}\\p{N}_-]{0,40})(?:\\s+·.*)?$");
    /** A turn written as {@code <Name> said, "..."} (LoCoMo's unit, and how conversation exports often read). */
    private static final Pattern SAID = Pattern.compile("^(\\p{Lu}[\\p{L}'-]{0,30}(?: \\p{Lu}[\\p{L}'-]{0,30}){0,2}) said, ");

    private Rescoring() {
    }

    /** The candidates re-ordered, best first, at most {@code k}; each one's score is its fused score plus its lift. */
    static List<Fusion.Fused> rescore(StoredFields stored, String subject, List<Fusion.Fused> fused, int k) throws IOException {
        if (fused.isEmpty()) {
            return fused;
        }
        String words = " " + subject.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        List<QueryDates.Span> dates = QueryDates.of(subject);
        Map<String, Float> fileTotal = new HashMap<>();
        List<Document> docs = new ArrayList<>(fused.size());
        for (Fusion.Fused f : fused) {
            Document d = stored.document(f.doc(), FIELDS);
            docs.add(d);
            fileTotal.merge(d.get(PATH), f.score(), Float::sum);
        }
        float best = fileTotal.values().stream().max(Float::compare).orElse(1f);
        List<Fusion.Fused> out = new ArrayList<>(fused.size());
        for (int i = 0; i < fused.size(); i++) {
            Fusion.Fused f = fused.get(i);
            Document d = docs.get(i);
            float file = best > 0 ? FILE_WEIGHT * (fileTotal.get(d.get(PATH)) - f.score()) / best : 0f;
            String speaker = speaker(Kind.parse(d.get(KIND)), d.get(HEADING), d.get(TEXT));
            float named = speaker != null && words.contains(" " + speaker + " ") ? SPEAKER_WEIGHT : 0f;
            float dated = !dates.isEmpty() && inside(d.getField(DATE), dates) ? DATE_WEIGHT : 0f;
            Explanation.Lift lift = new Explanation.Lift(file, named, dated);
            // The explanation keeps the fusion's own score: the hit's score is it plus this stage's lift.
            out.add(new Fusion.Fused(f.doc(), f.score() + lift.total(), f.explain().withLift(lift)));
        }
        out.sort(Comparator.comparingDouble((Fusion.Fused f) -> -f.score()).thenComparingInt(Fusion.Fused::doc));
        return out.subList(0, Math.min(k, out.size()));
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

    private static boolean inside(IndexableField date, List<QueryDates.Span> spans) {
        if (date == null) {
            return false;
        }
        Instant t = Instant.ofEpochMilli(date.numericValue().longValue());
        return spans.stream().anyMatch(sp -> sp.contains(t));
    }
}
