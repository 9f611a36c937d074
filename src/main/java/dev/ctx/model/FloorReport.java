package dev.ctx.model;

/**
 * The evidence floor one search applied, in absolute terms: a hit was kept when it shares at least
 * {@code minWordShare} of the query's word weight, or its embedding similarity is at least
 * {@code similarityNeeded}: {@code minSimilarity}, or the query's {@code noiseLevel} (its similarity to
 * unrelated reference text) plus {@code noiseMargin} when that is higher. {@code noiseLevel} is null when it
 * was not measured (BM25 only, the noise test off, or no model); {@code noiseMargin} null when the test is off.
 * With the hubness correction on ({@code hubMargin} not null), a hit standing on its similarity alone whose text's
 * noise level is known ({@code textNoise}, by hit id) was kept when {@code similarity - (noiseLevel + its text
 * noise) / 2 >= hubMargin} instead. {@code bySpeaker}: the ids of the hits kept with no evidence of their own
 * because the query was answered and they are turns of the speaker it names.
 */
public record FloorReport(float minSimilarity, float minWordShare, Float noiseLevel, Float noiseMargin, float similarityNeeded,
                          Float hubMargin, java.util.Map<String, Float> textNoise, java.util.List<String> bySpeaker) {
    public FloorReport {
        textNoise = textNoise == null ? java.util.Map.of() : java.util.Map.copyOf(textNoise);
        bySpeaker = bySpeaker == null ? java.util.List.of() : java.util.List.copyOf(bySpeaker);
    }

    public FloorReport(float minSimilarity, float minWordShare, Float noiseLevel, Float noiseMargin, float similarityNeeded) {
        this(minSimilarity, minWordShare, noiseLevel, noiseMargin, similarityNeeded, null, null, null);
    }
}
