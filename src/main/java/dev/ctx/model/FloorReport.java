package dev.ctx.model;

/**
 * The evidence floor one search applied, in absolute terms: a hit was kept when it shares at least
 * {@code minWordShare} of the query's word weight, or its embedding similarity is at least
 * {@code similarityNeeded}: {@code minSimilarity}, or the query's {@code noiseLevel} (its similarity to
 * unrelated reference text) plus {@code noiseMargin} when that is higher. {@code noiseLevel} is null when it
 * was not measured (BM25 only, the noise test off, or no model); {@code noiseMargin} null when the test is off.
 */
public record FloorReport(float minSimilarity, float minWordShare, Float noiseLevel, Float noiseMargin, float similarityNeeded) {
}
