package dev.ctx.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FactsTest {
    @Test
    void factsAreBodyLinesWithoutMarkersHeadingsOrFences() {
        assertEquals(List.of("one", "two", "three", "code line", "plain"),
                Facts.of("# Title\n\n- one\n* two\n1. three\n```\ncode line\n```\n---\nplain\n"));
        assertEquals(List.of("a"), Facts.minus(List.of("a", "b", "b"), List.of("b", "b")));
    }

    @Test
    void restatementsScoreHighAndTopicNeighboursLow() {
        double restated = Facts.similarity(Facts.tokens("Build with mvn -B verify"), Facts.tokens("Build with mvn -B verify before pushing"));
        double neighbour = Facts.similarity(Facts.tokens("Build with mvn -B verify"), Facts.tokens("Release builds are signed with the team key"));
        assertTrue(restated >= Review.DEFAULT_THRESHOLD, "restated " + restated);
        assertTrue(neighbour < 0.3, "neighbour " + neighbour);
    }
}
