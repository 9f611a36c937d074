package dev.ctx.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.Explanation;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchFloorTest {
    private static SearchHit hit(Integer bm25Rank, Float similarity, Float words) {
        return new SearchHit("id", "notes/a.md", "", 1, Kind.MEMORY, Tier.ON_DEMAND, null, "", "text", 1f,
                new Explanation(bm25Rank, bm25Rank == null ? null : 2f, null, 1, similarity, 1f, 1f, words));
    }

    /** A recall turn with no evidence of its own that the second stage found to be the named speaker's, or not. */
    private static SearchHit turn(String id, float similarity, boolean speakerNamed) {
        return new SearchHit(id, "recall/locomo/session_1.md", "", 1, Kind.RECALL, Tier.SEARCH_ONLY, null, "", "text", 1f,
                new Explanation(null, null, null, 1, similarity, 1f, 0.5f, 0f)
                        .withLift(new Explanation.Lift(0.05f, speakerNamed ? 0.3f : 0f, 0f)));
    }

    @Test
    void inAnAnsweredQueryTheTurnsOfTheSpeakerItNamesAreKeptWithoutEvidenceOfTheirOwn() {
        SearchFloor floor = SearchFloor.defaults();
        SearchHit answer = turn("D1:1", 0.86f, true);
        SearchHit pottery = turn("D1:2", 0.80f, true);
        SearchHit other = turn("D1:3", 0.80f, false);
        Float noise = 0.79f;
        assertFalse(floor.keeps(pottery, noise), "0.80 under the noise test, no shared word");
        assertEquals(List.of(answer, pottery), floor.keep(SearchMode.HYBRID, List.of(answer, pottery, other), noise),
                "the named speaker's turn stays beside the answer; another speaker's turn without evidence goes");
        assertEquals(List.of("D1:2"), floor.keptBySpeaker(List.of(answer, pottery), noise, java.util.Map.of()),
                "what --explain marks: the turn only the speaker rule kept");
        assertEquals(List.of(), floor.keep(SearchMode.HYBRID, List.of(pottery, other), noise),
                "a query nothing answers finds nothing, even when it names a speaker");
        SearchHit memory = hit(null, 0.80f, 0f);
        assertEquals(List.of(answer), floor.keep(SearchMode.HYBRID, List.of(answer, memory), noise), "no second-stage speaker: judged alone");
    }

    @Test
    void oneCommonSharedWordIsNotEvidenceButMostOfTheQuerysWordsAre() {
        SearchFloor floor = new SearchFloor(0.79f, 0.5f);
        assertFalse(floor.keeps(hit(3, 0.78f, 0.2f)), "shares 'run' of 'how do we run integration tests'");
        assertTrue(floor.keeps(hit(3, 0.70f, 0.6f)), "shares the query's rare words");
        assertTrue(floor.keeps(hit(null, 0.80f, 0f)), "a paraphrase with no shared word, by its similarity");
        assertFalse(floor.keeps(hit(null, 0.78f, 0f)));
    }

    @Test
    void aZeroWordShareKeepsAnyHitThatSharesAWord() {
        SearchFloor anyWord = new SearchFloor(0.79f);
        assertTrue(anyWord.keeps(hit(3, 0.5f, 0.1f)));
        assertFalse(anyWord.keeps(hit(null, 0.5f, 0f)));
    }

    @Test
    void bm25AnswersAreKeptWholeAndBadSettingsAreRefused() {
        List<SearchHit> found = List.of(hit(1, null, 0.1f));
        assertEquals(found, SearchFloor.defaults().keep(SearchMode.BM25, found));
        assertEquals(List.of(), SearchFloor.defaults().keep(SearchMode.HYBRID, found));
        assertThrows(IllegalArgumentException.class, () -> new SearchFloor(0.79f, 1.5f));
    }

    @Test
    void aSimilarityAloneMustBeatTheQuerysOwnNoiseLevelByTheMargin() {
        SearchFloor floor = new SearchFloor(0.78f, 0.3f, 0.05f);
        SearchHit paraphrase = hit(null, 0.83f, 0f);
        assertTrue(floor.keeps(paraphrase, 0.76f), "0.83 against a query whose unrelated text scores 0.76");
        assertFalse(floor.keeps(paraphrase, 0.79f), "the same cosine is noise for a query close to everything");
        assertEquals(0.84f, floor.similarityNeeded(0.79f), 1e-6);
        assertEquals(0.78f, floor.similarityNeeded(0.70f), 1e-6, "never below min_similarity");
        assertEquals(0.78f, floor.similarityNeeded(null), 1e-6, "without a noise level, the fixed floor alone");
        assertTrue(floor.keeps(hit(3, 0.70f, 0.6f), 0.9f), "words are evidence whatever the noise");
        SearchFloor off = new SearchFloor(0.78f, 0.3f, -1f);
        assertFalse(off.usesNoise());
        assertTrue(off.keeps(paraphrase, 0.79f), "noise_margin off: the fixed floor alone");
        assertThrows(IllegalArgumentException.class, () -> new SearchFloor(0.78f, 0.3f, 2f));
    }

    @Test
    void aSimilarityUnderTheQuerysNoiseTestCountsWhenItBeatsBothNoiseLevelsByTheHubMargin() {
        SearchFloor floor = new SearchFloor(0.78f, 0.3f, 0.05f, 0.045f);
        assertTrue(floor.usesHubs());
        SearchHit paraphrase = hit(null, 0.824f, 0f);
        // the garden note: 0.824 against a query noise level of 0.805 (needs 0.855), its own text's level 0.746
        assertFalse(floor.keeps(paraphrase, 0.805f), "without its text's level, the query's test alone");
        assertTrue(floor.keeps(paraphrase, 0.805f, 0.746f), "0.824 - (0.805 + 0.746) / 2 = 0.0485");
        assertEquals(0.0485f, SearchFloor.corrected(0.824f, 0.805f, 0.746f), 1e-6);
        // a hub: the same similarity from a text close to every question is not kept
        assertFalse(floor.keeps(paraphrase, 0.805f, 0.803f), "persona.md's level");
        assertFalse(floor.keeps(hit(null, 0.77f, 0f), 0.70f, 0.60f), "never under min_similarity");
        assertTrue(floor.keeps(hit(null, 0.86f, 0f), 0.805f, 0.9f), "the query's noise test is still enough alone");
        assertFalse(new SearchFloor(0.78f, 0.3f, 0.05f).keeps(paraphrase, 0.805f, 0.746f), "hub_margin off");
        assertNull(SearchFloor.corrected(0.8f, null, 0.7f));
        assertThrows(IllegalArgumentException.class, () -> new SearchFloor(0.78f, 0.3f, 0.05f, 3f));
        assertEquals(SearchFloor.DEFAULT_HUB_MARGIN, SearchFloor.defaults().hubMargin());
    }
}
