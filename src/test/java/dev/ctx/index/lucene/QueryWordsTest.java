package dev.ctx.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryWordsTest {
    private static String words(String s) {
        return QueryWords.subject(s).strip().replaceAll("\\s+", " ");
    }

    @Test
    void questionWordsAuxiliariesAndPronounsLeaveTheSubject() {
        assertEquals("Caroline research?", words("What did Caroline research?"));
        assertEquals("run integration tests", words("how do we run integration tests"));
    }

    @Test
    void wordsThatCanBeTheSubjectStay() {
        assertEquals("decide in May", words("what did we decide in May"));
        assertEquals("type of the index before the migration", words("what type of the index before the migration"));
        assertEquals("what did you do?", words("what did you do?"), "nothing but noise: the question as asked");
        assertEquals("Whatever happened to Whoville", words("Whatever happened to Whoville"), "whole words only");
    }
}
