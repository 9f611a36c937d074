package dev.ctx.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.junit.jupiter.api.Test;

class SnippetsTest {
    private final EnglishAnalyzer analyzer = new EnglishAnalyzer();

    @Test
    void aLongTurnIsCutAroundTheMatchedWordsNotBeforeThem() {
        String filler = "We talked about the weather and the week ahead for quite a while. ".repeat(8);
        String text = filler + "In the end the integration tests run with Podman and `make it`. " + filler;
        String s = Snippets.best(text, "how do we run the integration tests", analyzer);
        assertTrue(s.contains("integration tests run with Podman and `make it`."), s);
        assertTrue(s.startsWith("…") && s.endsWith("…"), s);
        assertTrue(s.length() <= Snippets.MAX, s.length() + ": " + s);
        assertTrue(s.indexOf("integration") >= 20, "some context before the match: " + s);
    }

    @Test
    void shortTextIsWholeAndAMeaningOnlyHitShowsItsStart() {
        assertEquals("Start Podman, then run make it.", Snippets.best("Start Podman,\nthen run make it.", "containers", analyzer));
        String longText = "word ".repeat(100);
        assertTrue(Snippets.best(longText, "nothing shared", analyzer).startsWith("word word"));
    }
}
