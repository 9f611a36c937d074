package dev.ctx.index;

import dev.ctx.model.Tier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileChunkerTest {
    private static final Instant FILE_DATE = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void frontMatterIsNotIndexedButItsDescriptionTravelsWithEveryChunk() {
        List<Chunk> cs = new FileChunker(1000).chunks(RepoPath.of("system/build.md"),
                TestRepo.memory("Build conventions", "# Maven\nRun it offline.\n# Gradle\nNever.\n"), FILE_DATE);
        assertEquals(2, cs.size());
        assertTrue(cs.stream().allMatch(c -> c.description().equals("Build conventions")));
        assertTrue(cs.stream().noneMatch(c -> c.text().contains("description:")));
        assertEquals(Tier.SYSTEM, cs.get(0).tier());
        assertEquals(Kind.MEMORY, cs.get(0).kind());
        assertEquals("system/build.md#1", cs.get(1).id());
        assertEquals(FILE_DATE, cs.get(1).date());
    }

    @Test
    void recallTurnsAreDatedByTheirHeading() {
        List<Chunk> cs = new FileChunker(1000).chunks(RepoPath.of("recall/2026/s1.md"),
                "# Session s1\n## 2026-03-02T14:05:00Z user\nHello.\n## 2026-03-02 16:00 +0100 assistant\nHi.\n## assistant\nNo stamp.\n", FILE_DATE);
        assertEquals(Instant.parse("2026-03-02T14:05:00Z"), cs.get(0).date());
        assertEquals(Instant.parse("2026-03-02T15:00:00Z"), cs.get(1).date());
        assertEquals(FILE_DATE, cs.get(2).date());
        assertEquals(Tier.SEARCH_ONLY, cs.get(0).tier());
    }

    @Test
    void onlyMarkdownOfKnownKindsIsIndexed() {
        assertTrue(FileChunker.indexable(RepoPath.of("notes/a.md")));
        assertTrue(FileChunker.indexable(RepoPath.of("skills/x/SKILL.md")));
        assertFalse(FileChunker.indexable(RepoPath.of("ctx.yaml")));
        assertFalse(FileChunker.indexable(RepoPath.of("skills/x/scripts/run.sh")));
        assertNull(FileChunker.stamp("no date here"));
    }
}
