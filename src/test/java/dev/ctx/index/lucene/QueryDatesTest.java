package dev.ctx.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryDatesTest {
    private static boolean names(String query, String instant) {
        Instant t = Instant.parse(instant);
        return QueryDates.of(query).stream().anyMatch(s -> s.contains(t));
    }

    @Test
    void aDayCoversThatDayAndTheWeekAfterItWhenItIsToldAbout() {
        String q = "What painting did Melanie show on October 13, 2023?";
        assertTrue(names(q, "2023-10-13T10:00:00Z"));
        assertTrue(names(q, "2023-10-20T23:00:00Z"), "told a week later: 'last week I ...'");
        assertFalse(names(q, "2023-10-21T00:00:00Z"));
        assertFalse(names(q, "2023-10-12T23:59:00Z"));
        assertTrue(names("What did Gina find on 1 February, 2023?", "2023-02-01T09:00:00Z"));
        assertTrue(names("what happened on the 3rd of May 2023", "2023-05-04T00:00:00Z"));
    }

    @Test
    void monthsAndYearsAreSpansOfTheirOwn() {
        assertTrue(names("What did they paint in July 2023?", "2023-07-30T00:00:00Z"));
        assertFalse(names("What did they paint in July 2023?", "2024-07-03T00:00:00Z"));
        assertTrue(names("How many times has she gone to the beach in 2023?", "2023-12-31T00:00:00Z"));
        assertFalse(names("How many times has she gone to the beach in 2023?", "2024-01-01T00:00:00Z"));
        assertTrue(names("When did Melanie go camping in June?", "2021-06-15T00:00:00Z"), "a month alone: in any year");
    }

    @Test
    void mayTheVerbIsNotAMonthAndAQuestionWithoutADateNamesNone() {
        assertEquals(List.of(), QueryDates.of("what may break the build"));
        assertEquals(List.of(), QueryDates.of("in may we trust the cache"));
        assertEquals(List.of(), QueryDates.of("how do we run integration tests"));
        assertTrue(names("what did we decide in May?", "2026-05-02T00:00:00Z"));
    }
}
