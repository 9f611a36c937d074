package dev.ctx.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownChunksTest {

    @Test
    void headingAttributesAreNotPartOfTheTrail() {
        List<MarkdownChunks.Section> s = MarkdownChunks.split("# Session\n\n### user · 2026-02-10T21:12:02Z {#t-2618ef5d}\nhello\n");
        assertEquals(List.of("Session", "user · 2026-02-10T21:12:02Z"), s.get(s.size() - 1).headings());
    }

    @Test
    void sectionsCarryTheirHeadingTrail() {
        List<MarkdownChunks.Section> s = MarkdownChunks.split("""
                Intro before any heading.

                # Build
                Use Maven.

                ## Tests
                Run make test.

                ### Slow ones
                Tagged slow.

                ## Release
                Tag and push.

                # Other
                Elsewhere.
                """);
        assertEquals(List.of(List.of(), List.of("Build"), List.of("Build", "Tests"), List.of("Build", "Tests", "Slow ones"),
                List.of("Build", "Release"), List.of("Other")), s.stream().map(MarkdownChunks.Section::headings).toList());
        assertEquals("Run make test.", s.get(2).text());
        assertEquals(7, s.get(2).line());
        assertEquals("Build > Tests > Slow ones", s.get(3).trail());
    }

    @Test
    void headingOnlySectionsYieldNothingAndSkippedLevelsAreNotBlankTrailEntries() {
        List<MarkdownChunks.Section> s = MarkdownChunks.split("# A\n### C\ntext\n");
        assertEquals(1, s.size());
        assertEquals(List.of("A", "C"), s.get(0).headings());
    }

    @Test
    void codeFencesAreNeverSplitAndHashLinesInsideAreNotHeadings() {
        String fence = "```bash\n# not a heading\necho one\n\n\necho two\n```";
        List<MarkdownChunks.Section> s = MarkdownChunks.split("# Script\n" + fence + "\n\nAfter.\n", 20);
        assertTrue(s.stream().anyMatch(x -> x.text().equals(fence)), "the fence is one chunk even over the cap: " + s);
        assertTrue(s.stream().allMatch(x -> x.headings().equals(List.of("Script"))));
        assertEquals("After.", s.get(s.size() - 1).text());
    }

    @Test
    void tildeFencesAndLongerClosingFencesWork() {
        String fence = "~~~~\n## inside\n~~~\nstill inside\n~~~~~";
        List<MarkdownChunks.Section> s = MarkdownChunks.split("# T\n" + fence + "\n");
        assertEquals(1, s.size());
        assertEquals(fence, s.get(0).text());
    }

    @Test
    void longSectionsSplitAtParagraphBoundariesUnderTheCap() {
        StringBuilder body = new StringBuilder("# Long\n");
        for (int i = 0; i < 20; i++) {
            body.append("Paragraph ").append(i).append(" has some words in it to take space.\n\n");
        }
        List<MarkdownChunks.Section> s = MarkdownChunks.split(body.toString(), 200);
        assertTrue(s.size() > 3);
        for (MarkdownChunks.Section x : s) {
            assertTrue(x.text().length() <= 200, x.text());
            assertTrue(x.text().startsWith("Paragraph "), "starts at a paragraph: " + x.text());
            assertTrue(x.text().endsWith("space."), "ends at a paragraph: " + x.text());
            assertEquals(List.of("Long"), x.headings());
        }
        assertEquals(20, s.stream().mapToInt(x -> x.text().split("\n\n").length).sum());
    }

    @Test
    void aSingleOverlongParagraphIsCutAtLinesThenWords() {
        String line = "word ".repeat(100).trim();
        List<MarkdownChunks.Section> s = MarkdownChunks.split(line, 120);
        assertTrue(s.size() >= 4);
        s.forEach(x -> assertTrue(x.text().length() <= 120));
        assertEquals(100, s.stream().mapToInt(x -> x.text().split("\\s+").length).sum());
    }
}
