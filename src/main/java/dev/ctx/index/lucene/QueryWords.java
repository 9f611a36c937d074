package dev.ctx.index.lucene;

import java.util.regex.Pattern;

/**
 * The words of a question that say nothing about its subject: question words, auxiliaries and pronouns
 * ("what did we decide about ..."). The index keeps them (Lucene's English stop set is only articles,
 * conjunctions and a few prepositions), but in a query they match nearly every turn of a conversation and
 * bury the turn that shares the subject's words. BM25 and the word evidence read the question without them;
 * the embedding reads it whole (the model was trained on questions). Measured on LoCoMo (docs/search.md):
 * BM25 R@10 +5 points. Words that can carry a subject in an agent's notes are left in: "may" (the month),
 * "type", "sort", "kind", "before" and "after".
 */
final class QueryWords {
    private static final Pattern NOISE = Pattern.compile("(?iu)\\b(?:"
            + "what|when|where|which|who|whom|whose|why|how"
            + "|do|does|did|done|doing|would|could|should|can|might|has|have|had|having|was|were|been|being|am"
            + "|i|me|my|we|us|our|you|your|he|him|his|she|her|hers|its|them"
            + "|some|any|likely|ever|also|about|from|other|than|so|very|just"
            + ")\\b");

    private QueryWords() {
    }

    /** The query without those words; the query itself when nothing else is left ("what did you do?"). */
    static String subject(String query) {
        String s = NOISE.matcher(query).replaceAll(" ");
        return s.codePoints().noneMatch(Character::isLetterOrDigit) ? query : s;
    }
}
