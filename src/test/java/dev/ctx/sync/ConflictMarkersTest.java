package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConflictMarkersTest {
    private static final String BODY = "---\ndescription: d\n---\n<<<<<<< this clone\n- mine\n- shared\n=======\n- theirs\n- shared\n>>>>>>> origin\n- after\n";

    @Test
    void eachSideOrBothCanBeKept() {
        assertTrue(ConflictMarkers.has(BODY));
        assertEquals("---\ndescription: d\n---\n- mine\n- shared\n- after\n", ConflictMarkers.resolve(BODY, ConflictMarkers.Keep.LOCAL));
        assertEquals("---\ndescription: d\n---\n- theirs\n- shared\n- after\n", ConflictMarkers.resolve(BODY, ConflictMarkers.Keep.REMOTE));
        assertEquals("---\ndescription: d\n---\n- mine\n- shared\n- theirs\n- after\n", ConflictMarkers.resolve(BODY, ConflictMarkers.Keep.BOTH));
    }

    @Test
    void aFrontMatterConflictKeepsOneValue() {
        MemoryMerge.Result r = MemoryMerge.merge("a.md", "---\ndescription: d\ntags: x\n---\nb\n", "---\ndescription: mine\ntags: x\n---\nb\n",
                "---\ndescription: theirs\ntags: x\n---\nb\n", "origin");
        assertTrue(ConflictMarkers.has(r.text()));
        assertEquals("---\ndescription: mine\ntags: x\n---\nb\n", ConflictMarkers.resolve(r.text(), ConflictMarkers.Keep.LOCAL));
        assertEquals("---\ndescription: theirs\ntags: x\n---\nb\n", ConflictMarkers.resolve(r.text(), ConflictMarkers.Keep.BOTH));
        assertFalse(ConflictMarkers.has(ConflictMarkers.resolve(r.text(), ConflictMarkers.Keep.REMOTE)));
    }
}
