package dev.ctx.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SectionsTest {
    private static List<String> trails(List<Sections.Section> s) {
        return s.stream().map(x -> String.join(" > ", x.trail()) + (x.title() ? " [intro]" : "")).toList();
    }

    @Test
    void aTitleOverSectionsIsCutAtTheSections() {
        List<Sections.Section> s = Sections.split("# Guide\n\nIntro.\n\n## Build\n\nmake\n\n## Test\n\nmake test\n", 5000);
        assertEquals(List.of("Guide [intro]", "Build", "Test"), trails(s));
        assertEquals("## Build\n\nmake\n", s.get(1).text());
    }

    @Test
    void aHashLineInAFenceIsNoHeading() {
        List<Sections.Section> s = Sections.split("## Build\n\n```sh\n# install\nnpm i\n```\n\n## Test\n\nrun\n", 5000);
        assertEquals(List.of("Build", "Test"), trails(s));
        assertTrue(s.get(0).text().contains("# install"));
    }

    @Test
    void aLongSectionIsCutAtItsSubheadingsAndItsHeadingOpensTheFirst() {
        String body = "## Arch\n\n### Core\n\n" + "core ".repeat(30) + "\n\n### Edge\n\n" + "edge ".repeat(30) + "\n\n## Short\n\nok\n";
        List<Sections.Section> s = Sections.split(body, 100);
        assertEquals(List.of("Arch > Core", "Arch > Edge", "Short"), trails(s));
        assertTrue(s.get(0).text().startsWith("## Arch\n\n### Core\n"), s.get(0).text());
    }

    @Test
    void aHeadingWithNothingUnderItIsDroppedNotGluedToTheNext() {
        List<Sections.Section> s = Sections.split("## Rules\n\nbe brief\n\n## Testing\n\n## Style\n\ntabs\n\n## End\n", 5000);
        assertEquals(List.of("Rules", "Style"), trails(s));
        assertEquals("## Style\n\ntabs\n", s.get(1).text());
    }

    @Test
    void noHeadingIsOneIntroBlock() {
        List<Sections.Section> s = Sections.split("Just prose.\n", 5000);
        assertEquals(List.of(" [intro]"), trails(s));
    }
}
