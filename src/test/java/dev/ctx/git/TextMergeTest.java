package dev.ctx.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextMergeTest {
    @Test
    void undoingALineKeepsALineAppendedRightAfterIt() {
        TextMerge.Merged m = TextMerge.merge3("a\nbad\n", "a\nbad\nlater\n", "a\n", false);
        assertFalse(m.conflict());
        assertEquals("a\nlater\n", m.text());
    }

    @Test
    void undoingALineSomeoneEditedIsAConflictOnThatLine() {
        TextMerge.Merged m = TextMerge.merge3("a\nbad\nz\n", "a\nbad, fixed\nz\n", "a\nz\n", false);
        assertTrue(m.conflict());
        assertEquals(2, m.oursConflicts().get(0).from());
        TextMerge.Merged forced = TextMerge.merge3("a\nbad\nz\n", "a\nbad, fixed\nz\n", "a\nz\n", true);
        assertEquals("a\nz\n", forced.text());
    }

    @Test
    void independentEditsOnBothSidesMerge() {
        TextMerge.Merged m = TextMerge.merge3("1\n2\n3\n4\n5\n", "1\ntwo\n3\n4\n5\n", "1\n2\n3\n4\nfive\n", false);
        assertFalse(m.conflict());
        assertEquals("1\ntwo\n3\n4\nfive\n", m.text());
    }

    @Test
    void twoInsertionsAtOnePointConflictUnlessEqual() {
        assertTrue(TextMerge.merge3("a\n", "a\nx\n", "a\ny\n", false).conflict());
        TextMerge.Merged same = TextMerge.merge3("a\n", "a\nx\n", "a\nx\n", false);
        assertFalse(same.conflict());
        assertEquals("a\nx\n", same.text());
    }

    @Test
    void keepsAMissingFinalNewline() {
        assertEquals("a\nc", TextMerge.merge3("a\nb\nc", "a\nb\nc", "a\nc", false).text());
    }

    @Test
    void unifiedShowsHunks() {
        String d = TextMerge.unified("a\nb\n", "a\nc\n", 3);
        assertTrue(d.startsWith("@@"));
        assertTrue(d.contains("-b\n+c\n"));
        assertEquals("", TextMerge.unified("same\n", "same\n", 3));
    }
}
