package dev.ctx.index;

import dev.ctx.model.CtxException;
import dev.ctx.model.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How close a stored text is to questions it does not answer: its mean cosine with a fixed set of neutral
 * questions ({@code hub-questions.txt}, embedded as queries). Some texts are close to every
 * query (a "hub": {@code system/persona.md}, "I am a coding agent working in this project ..."), so their
 * similarity with an unrelated query clears that query's own noise level ({@link QueryNoise}) by as much as a real
 * paraphrase does; what tells them apart is the text's side. A similarity-only hit is therefore judged net of both
 * levels ({@link SearchFloor#keeps}), the hubness correction of cross-lingual retrieval (CSLS).
 *
 * <p>The questions' vectors for the builtin model ship beside them ({@code hub-questions.vectors}, written by the
 * model itself: {@code dev.ctx.bench.NoiseVectors}, checked by {@code HubNoiseTest}); any other model embeds
 * them once, through its cache. The text's vector is the one its similarity was computed with (the index's).
 */
public final class HubNoise {
    static final String QUESTIONS = "hub-questions.txt";
    static final String VECTORS = "hub-questions.vectors";
    private final List<float[]> questions;

    HubNoise(List<float[]> questions) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no neutral questions");
        }
        this.questions = List.copyOf(questions);
    }

    /** The questions as {@code embedder} sees them: the shipped vectors when they are its model's, else embedded. */
    public static HubNoise of(Embedder embedder) throws CtxException {
        List<String> texts = questions();
        List<float[]> shipped = QueryNoise.shipped(VECTORS, embedder.modelId(), embedder.dimensions(), texts);
        return new HubNoise(shipped != null ? shipped : embeddedAsQueries(embedder, texts));
    }

    /** Where the searchable vectors of hits' chunks come from (the index: {@link SearchIndex#vectors}). */
    @FunctionalInterface
    public interface Vectors {
        Map<String, float[]> of(Collection<String> ids) throws CtxException;
    }

    /**
     * The text noise levels {@code floor} needs to judge {@code hits}, by hit id: only those of hits that stand on
     * their similarity alone ({@link SearchFloor#needsTextNoise}), so a search pays a few dot products per such hit.
     */
    public Map<String, Float> levels(List<SearchHit> hits, SearchFloor floor, Float queryNoise, Vectors vectors) throws CtxException {
        List<String> ids = hits.stream().filter(h -> floor.needsTextNoise(h, queryNoise)).map(SearchHit::id).distinct().toList();
        Map<String, Float> out = new HashMap<>();
        if (!ids.isEmpty()) {
            vectors.of(ids).forEach((id, v) -> out.put(id, level(v)));
        }
        return out;
    }

    /**
     * The text's noise level: its mean cosine with the questions. The mean, not the closest few: on the
     * {@code FloorProbe} answers the mean kept the garden paraphrase with LoCoMo's off-topic queries as they were,
     * the closest 10 did not (docs/search.md, "The floor").
     */
    public float level(float[] text) {
        double sum = 0;
        for (float[] q : questions) {
            sum += QueryNoise.dot(text, q);
        }
        return (float) (sum / questions.size());
    }

    /** The text's cosines with every question, in ascending order. */
    public float[] similarities(float[] text) {
        float[] out = new float[questions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = QueryNoise.dot(text, questions.get(i));
        }
        Arrays.sort(out);
        return out;
    }

    /** The shipped neutral questions. */
    public static List<String> questions() {
        return QueryNoise.lines(QUESTIONS);
    }

    /** The questions' vectors as queries, one model run each (a query vector is not a passage's). */
    public static List<float[]> embeddedAsQueries(Embedder embedder, List<String> texts) throws CtxException {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(embedder.embedQuery(t));
        }
        return out;
    }
}
