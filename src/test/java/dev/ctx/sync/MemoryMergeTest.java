package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryMergeTest {
    private static final String HEAD = "---\ndescription: Facts about the build\n---\n";

    @Test
    void twoFactsAppendedToOneBlockBothSurvive() {
        String base = HEAD + "- uses maven\n";
        MemoryMerge.Result r = MemoryMerge.merge("system/build.md", base, base + "- tests with junit 5\n", base + "- runs on java 17\n", "origin");
        assertTrue(r.clean(), r.conflicts().toString());
        assertEquals(HEAD + "- uses maven\n- runs on java 17\n- tests with junit 5\n", r.text());
    }

    @Test
    void theSameFactAddedOnBothSidesIsKeptOnce() {
        String base = HEAD + "- uses maven\n";
        MemoryMerge.Result r = MemoryMerge.merge("a.md", base, base + "- fact x\n- fact y\n", base + "- fact x\n- fact z\n", "origin");
        assertTrue(r.clean());
        assertEquals(HEAD + "- uses maven\n- fact x\n- fact z\n- fact y\n", r.text());
    }

    @Test
    void aDeletionBesideAnAppendKeepsBoth() {
        String base = HEAD + "- old fact\n- kept\n";
        MemoryMerge.Result r = MemoryMerge.merge("a.md", base, HEAD + "- kept\n", base + "- new fact\n", "origin");
        assertTrue(r.clean());
        assertEquals(HEAD + "- kept\n- new fact\n", r.text());
        // the rewrite of one line beside the deletion of its neighbour
        String base2 = HEAD + "- a\n- b\n";
        MemoryMerge.Result r2 = MemoryMerge.merge("a.md", base2, HEAD + "- a2\n- b\n", HEAD + "- a\n", "origin");
        assertTrue(r2.clean(), r2.conflicts().toString());
        assertEquals(HEAD + "- a2\n", r2.text());
    }

    @Test
    void aLineRewrittenDifferentlyOnBothSidesIsAConflictWithBothKept() {
        String base = HEAD + "- port is 8080\n- other\n";
        MemoryMerge.Result r = MemoryMerge.merge("a.md", base, HEAD + "- port is 9090\n- other\n", HEAD + "- port is 7070\n- other\n", "origin");
        assertFalse(r.clean());
        assertEquals(1, r.conflicts().size());
        assertEquals(HEAD + "<<<<<<< this clone\n- port is 9090\n=======\n- port is 7070\n>>>>>>> origin\n- other\n", r.text());
        assertTrue(r.conflicts().get(0).contains("line 4"), r.conflicts().get(0));
    }

    @Test
    void frontMatterKeysMergeOneByOne() {
        String base = "---\ndescription: d\ntags: [a]\n---\nbody\n";
        String local = "---\ndescription: d\ntags: [a, b]\nlimit: 900\n---\nbody\n";
        String remote = "---\ndescription: better d\ntags: [a, c]\n---\nbody\n";
        MemoryMerge.Result r = MemoryMerge.merge("a.md", base, local, remote, "origin");
        assertTrue(r.clean(), r.conflicts().toString());
        assertTrue(r.text().startsWith("---\ndescription: better d\n"), r.text());
        assertTrue(r.text().contains("limit: 900\n"), r.text());
        assertTrue(r.text().matches("(?s).*tags:.*a.*c.*b.*"), r.text());
    }

    @Test
    void aFrontMatterKeySetDifferentlyOnBothSidesKeepsBoth() {
        String base = "---\ndescription: d\n---\nbody\n";
        MemoryMerge.Result r = MemoryMerge.merge("a.md", base, "---\ndescription: mine\n---\nbody\n", "---\ndescription: theirs\n---\nbody\n", "origin");
        assertEquals(1, r.conflicts().size());
        assertEquals("---\n" + MemoryMerge.KEY_MARK + "description: mine\ndescription: theirs\n---\nbody\n", r.text());
    }

    @Test
    void deletionNeverLosesAChangedFile() {
        assertNull(MemoryMerge.merge("a.md", "x\n", null, "x\n", "o").text());
        assertEquals("x\ny\n", MemoryMerge.merge("a.md", "x\n", null, "x\ny\n", "o").text());
        assertEquals("x\ny\n", MemoryMerge.merge("a.md", "x\n", "x\ny\n", null, "o").text());
    }

    @Test
    void filesAddedOnBothSidesAreUnited() {
        MemoryMerge.Result r = MemoryMerge.merge("a.md", null, HEAD + "- one\n", HEAD + "- two\n", "origin");
        assertTrue(r.clean(), r.conflicts().toString());
        assertEquals(HEAD + "- two\n- one\n", r.text());
    }

    @Test
    void settleKeepsFactsAsAList() {
        assertEquals(List.of("x\n", "y\n"), MemoryMerge.settle(List.of(), List.of("y\n"), List.of("x\n")));
        assertNull(MemoryMerge.settle(List.of("a\n"), List.of("b\n"), List.of("c\n")));
    }
}
