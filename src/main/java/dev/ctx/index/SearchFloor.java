package dev.ctx.index;

import dev.ctx.model.Explanation;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import java.util.List;
import java.util.Map;

/**
 * What counts as a match, in absolute terms. Fused scores are min-max normalised per query, so the top hit
 * always scores 1 even when nothing is related; this floor judges each hit on its own evidence instead: its
 * words (the share of the query's word weight, by rarity, that its own text contains: {@link Explanation#words()})
 * at or above {@code minWords}, or its embedding similarity (the dense cosine). Hits with neither are dropped,
 * so a query about nothing stored answers with no hits.
 * Sharing one common word is not evidence: "how do we run integration tests" shares "run" with many texts.
 *
 * <p>A similarity counts when it is at least {@code minSimilarity} and, when the query's noise level is known
 * ({@link QueryNoise}: how similar this query is to unrelated text), at least that level plus
 * {@code noiseMargin}. e5-small-v2's cosines are compressed (unrelated English scores 0.78-0.82) and where
 * unrelated text lands in that band depends on the query, so no fixed cosine tells noise from a paraphrase.
 * A negative {@code noiseMargin} turns the noise test off.
 *
 * <p>When the hit's own text's noise level is known too ({@link HubNoise}: how close that text is to questions it
 * does not answer) and {@code hubMargin} is not negative, the hubness correction (CSLS) is a second way to count:
 * the similarity net of both levels, {@code similarity - (query noise + text noise) / 2}, at least {@code hubMargin}.
 * A note about one thing (far from neutral questions) is then kept a little under the query's noise level plus
 * {@code noiseMargin}, while a text close to every query (a hub: {@code system/persona.md}) gains nothing; that
 * is how a real paraphrase is told from an unrelated query's best hit with the same gap over the query's noise.
 * Either test is enough (measured: docs/search.md, "The floor"; the correction in place of the query-side test
 * also drops the questions a hub does answer, such as "who are you").
 *
 * <p>In an answered query (at least one hit kept on its own evidence), a recall turn of the speaker the query
 * names ({@link #bySpeaker}) is kept too: a question about a person is answered by what that person said, in
 * whatever words.
 *
 * <p>BM25-only searches are never filtered: there every hit was found by the query's words, and there is no
 * similarity to stand in for the words a paraphrase does not share.
 */
public record SearchFloor(float minSimilarity, float minWords, float noiseMargin, float hubMargin) {
    /**
     * An absolute bound under the noise test, and the floor alone where the noise level is unknown. Measured on
     * LoCoMo (docs/search.md, "The floor"): beside the noise test, 0.80 cost 0.1 points of R@10 and 0.78 none.
     */
    public static final float DEFAULT = 0.78f;
    /** Measured with {@link #DEFAULT} on LoCoMo and its off-topic questions (docs/search.md). */
    public static final float DEFAULT_WORDS = 0.3f;
    /** How far above the query's noise level a similarity-only hit must be (docs/search.md, "The floor"). */
    public static final float DEFAULT_MARGIN = 0.05f;
    /** How far a similarity-only hit must be above the mean of the two noise levels (docs/search.md, "The floor"). */
    public static final float DEFAULT_HUB_MARGIN = 0.045f;

    public SearchFloor {
        if (!(minSimilarity >= -1f && minSimilarity <= 1f)) {
            throw new IllegalArgumentException("search.min_similarity must be a cosine between -1 and 1, not " + minSimilarity);
        }
        if (!(minWords >= 0f && minWords <= 1f)) {
            throw new IllegalArgumentException("search.min_word_share must be a share between 0 and 1, not " + minWords);
        }
        if (!(noiseMargin >= -1f && noiseMargin <= 1f)) {
            throw new IllegalArgumentException("search.noise_margin must be a cosine difference between -1 (off) and 1, not " + noiseMargin);
        }
        if (!(hubMargin >= -1f && hubMargin <= 1f)) {
            throw new IllegalArgumentException("search.hub_margin must be a cosine difference between -1 (off) and 1, not " + hubMargin);
        }
    }

    /** The query-side noise test only, no hubness correction. */
    public SearchFloor(float minSimilarity, float minWords, float noiseMargin) {
        this(minSimilarity, minWords, noiseMargin, -1f);
    }

    /** No noise test: a fixed similarity floor and a word share. */
    public SearchFloor(float minSimilarity, float minWords) {
        this(minSimilarity, minWords, -1f, -1f);
    }

    /** Only a similarity floor; any word shared with the query is evidence enough. */
    public SearchFloor(float minSimilarity) {
        this(minSimilarity, 0f);
    }

    public static SearchFloor defaults() {
        return new SearchFloor(DEFAULT, DEFAULT_WORDS, DEFAULT_MARGIN, DEFAULT_HUB_MARGIN);
    }

    /** Whether the noise test is on: {@link #noiseMargin} is not negative. */
    public boolean usesNoise() {
        return noiseMargin >= 0f;
    }

    /** Whether the hubness correction is on: {@link #hubMargin} is not negative. */
    public boolean usesHubs() {
        return hubMargin >= 0f;
    }

    /** Whether a search needs the query's noise level: either test that uses it is on. */
    public boolean needsNoise() {
        return usesNoise() || usesHubs();
    }

    /**
     * Whether judging this hit needs its text's noise level (the query's being {@code noise}): the correction is on,
     * and the hit stands on its similarity alone (too few words), above the fixed floor but under what the query's
     * noise level asks. Only these hits' vectors are read.
     */
    public boolean needsTextNoise(SearchHit h, Float noise) {
        Explanation e = h.explain();
        return usesHubs() && noise != null && e != null && e.denseScore() != null && e.denseScore() >= minSimilarity
                && e.denseScore() < similarityNeeded(noise) && !enoughWords(e);
    }

    /**
     * The similarity net of both noise levels, {@code similarity - (query + text) / 2}, the quantity {@link #hubMargin}
     * bounds; null when a level is unknown.
     */
    public static Float corrected(float similarity, Float queryNoise, Float textNoise) {
        return queryNoise == null || textNoise == null ? null : similarity - (queryNoise + textNoise) / 2;
    }

    /**
     * The similarity a hit without enough words needs for this query: {@link #minSimilarity}, or its noise level
     * plus the margin when that is higher ({@code noise} null: not known, the fixed floor alone).
     */
    public float similarityNeeded(Float noise) {
        return noise == null || !usesNoise() ? minSimilarity : Math.max(minSimilarity, noise + noiseMargin);
    }

    /** {@link #keeps(SearchHit, Float)} without a noise level. */
    public boolean keeps(SearchHit h) {
        return keeps(h, null);
    }

    /** {@link #keeps(SearchHit, Float, Float)} without the text's noise level. */
    public boolean keeps(SearchHit h, Float noise) {
        return keeps(h, noise, null);
    }

    /**
     * Whether a hit has evidence of its own; a hit without an explanation cannot be judged and is kept.
     * {@code textNoise} is the hit's text's noise level ({@link HubNoise#level}), null when not known.
     */
    public boolean keeps(SearchHit h, Float noise, Float textNoise) {
        Explanation e = h.explain();
        return e == null || e.denseScore() != null && similarEnough(e.denseScore(), noise, textNoise) || enoughWords(e);
    }

    private boolean similarEnough(float similarity, Float noise, Float textNoise) {
        if (similarity >= similarityNeeded(noise)) {
            return true;
        }
        Float net = usesHubs() ? corrected(similarity, noise, textNoise) : null;
        return net != null && similarity >= minSimilarity && net >= hubMargin;
    }

    private boolean enoughWords(Explanation e) {
        if (e.words() == null || minWords <= 0f) {
            return e.bm25Rank() != null;
        }
        return e.words() > 0f && e.words() >= minWords;
    }

    /** {@link #keep(SearchMode, List, Float)} without a noise level. */
    public List<SearchHit> keep(SearchMode mode, List<SearchHit> found) {
        return keep(mode, found, null);
    }

    /** {@link #keep(SearchMode, List, Float, Map)} without texts' noise levels. */
    public List<SearchHit> keep(SearchMode mode, List<SearchHit> found, Float noise) {
        return keep(mode, found, noise, Map.of());
    }

    /**
     * The hits of {@code found} with evidence, in order; BM25-only answers are kept whole. {@code textNoise}: the
     * noise levels of hits' texts by hit id ({@link HubNoise#levels}); a hit not in it is judged on the query's alone.
     */
    public List<SearchHit> keep(SearchMode mode, List<SearchHit> found, Float noise, Map<String, Float> textNoise) {
        if (mode == SearchMode.BM25) {
            return found;
        }
        if (found.stream().noneMatch(h -> keeps(h, noise, textNoise.get(h.id())))) {
            return List.of();
        }
        // Once the query is answered, the turns of the person it asks about are kept whatever their wording:
        // "what does Melanie do to destress?" is answered by "pottery is like therapy for me", with no shared
        // word and a similarity under the noise test. The query must be answered first, so an off-topic query
        // that happens to name someone still finds nothing.
        return found.stream().filter(h -> keeps(h, noise, textNoise.get(h.id())) || bySpeaker(h)).toList();
    }

    /**
     * Whether a hit without evidence of its own is kept in an answered query: hybrid's second stage found it to be a
     * recall turn of the speaker the query names ({@link Explanation#speakerNamed()}). On LoCoMo, 930 of the 967 gold
     * turns of questions naming one speaker are that speaker's own; the rule is worth 1.1 points of recall@10, 1.4 on
     * the conversations the defaults were not tuned on (docs/search.md, "The floor").
     */
    public static boolean bySpeaker(SearchHit h) {
        return h.explain() != null && h.explain().speakerNamed();
    }

    /** The hits of {@code kept} that only the speaker rule kept ({@link #bySpeaker}), by id: what {@code --explain} marks. */
    public List<String> keptBySpeaker(List<SearchHit> kept, Float noise, Map<String, Float> textNoise) {
        return kept.stream().filter(h -> bySpeaker(h) && !keeps(h, noise, textNoise.get(h.id()))).map(SearchHit::id).toList();
    }
}
