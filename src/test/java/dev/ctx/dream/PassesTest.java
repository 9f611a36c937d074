package dev.ctx.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.RepoPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deterministic passes as the pure functions they are: memory in, the change they want out. */
class PassesTest {
    private static Memory memory(Map<String, String> files, Map<String, Memory.Use> use) {
        Map<RepoPath, String> f = new LinkedHashMap<>();
        files.forEach((p, t) -> f.put(RepoPath.of(p), t));
        Map<RepoPath, Memory.Use> u = new LinkedHashMap<>();
        use.forEach((p, x) -> u.put(RepoPath.of(p), x));
        return new Memory("c0", f, CtxConfig.defaults(), u);
    }

    private static String md(String description, String body) {
        return "---\ndescription: " + description + "\n---\n" + body;
    }

    private static String after(PassChange c, String path) {
        return c.files().getOrDefault(RepoPath.of(path), Optional.empty()).orElse(null);
    }

    @Test
    void dedupeKeepsFactsThatDifferInANumberOrInOneSwappedTerm() {
        PassChange c = new DedupePass().run(memory(Map.of("project/a.md", md("a", """
                - The web service listens on port 8080 in staging
                - The web service listens on port 8081 in staging
                - The API validates request bodies with Joi
                - The API validates request bodies with Zod
                """)), Map.of()));
        assertTrue(c.isEmpty(), "a different number or one swapped term is a different fact (or a contradiction): " + c.removals());
    }

    @Test
    void dedupeKeepsThePinnedCopyAndNamesWhereTheTwinLives() {
        PassChange c = new DedupePass().run(memory(Map.of(
                "project/a.md", md("a", "- Tests need Docker running locally\n- Use records for values\n"),
                "system/notes.md", md("n", "- tests need docker running locally\n")), Map.of()));
        assertEquals(List.of(new PassChange.Removal("duplicate", "Tests need Docker running locally", "project/a.md", "system/notes.md")), c.removals());
        assertEquals(md("a", "- Use records for values\n"), after(c, "project/a.md"));
        assertFalse(c.files().containsKey(RepoPath.of("system/notes.md")));
    }

    @Test
    void dedupeNeverChangesAReadOnlyFile() {
        PassChange c = new DedupePass().run(memory(Map.of(
                "project/a.md", "---\ndescription: a\nread_only: true\n---\n- Tests need Docker running locally\n- Tests need Docker running locally\n"), Map.of()));
        assertTrue(c.isEmpty());
    }

    @Test
    void splitCutsAFileWithoutSectionsIntoPartsWithinTheLimitAndMakesItTheirIndex() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append("- remembered fact number ").append(i).append(" about the build and its many steps\n");
        }
        PassChange c = new SplitPass().run(memory(Map.of("project/notes.md", md("Facts", body.toString())), Map.of()));
        String index = after(c, "project/notes.md");
        assertTrue(index.contains("## Parts") && index.contains("(notes/part-1.md)"), index);
        int parts = 0;
        for (Map.Entry<RepoPath, Optional<String>> e : c.files().entrySet()) {
            if (e.getKey().value().startsWith("project/notes/part-")) {
                parts++;
                assertTrue(e.getValue().get().length() < 5000, e.getKey() + " is within the limit");
            }
        }
        assertTrue(parts >= 2, "parts: " + parts);
        String all = String.join("", c.files().values().stream().map(o -> o.orElse("")).toList());
        assertTrue(all.contains("- remembered fact number 149 about the build and its many steps"));
    }

    @Test
    void budgetMovesTheLeastUsedPinnedBlockFirst() {
        String big = md("big", "x".repeat(12_000) + "\n");
        PassChange c = new BudgetPass().run(memory(Map.of("system/used.md", big, "system/idle.md", big),
                Map.of("system/used.md", new Memory.Use(9, 2000), "system/idle.md", new Memory.Use(1, 1000))));
        assertEquals(Optional.empty(), c.files().get(RepoPath.of("system/idle.md")));
        assertEquals(big, after(c, "idle.md"));
        assertFalse(c.files().containsKey(RepoPath.of("system/used.md")), "one move brings system/ within budget");
    }

    @Test
    void archiveMovesOnlyFactsMarkedSuperseded() {
        PassChange c = new ArchivePass().run(memory(Map.of("project/a.md", md("a", """
                - ~~Deploy by hand~~
                - Deploy with make release (superseded by the CI job)
                - Deploy from CI
                - We discussed what superseded means
                """)), Map.of()));
        assertEquals(md("a", "- Deploy from CI\n- We discussed what superseded means\n"), after(c, "project/a.md"));
        assertTrue(after(c, "archive/project/a.md").contains("- ~~Deploy by hand~~\n- Deploy with make release (superseded by the CI job)"));
        assertEquals(2, c.removals().size());
    }

    @Test
    void frontMatterPutsTheFormatsKeysFirstAndKeepsOthersAsWritten() {
        PassChange c = new FrontMatterPass().run(memory(Map.of("project/a.md",
                "---\nowner: team-a   # who to ask\ntags: build, ci\ndescription: A\n---\nbody\n"), Map.of()));
        assertEquals("---\ndescription: A\ntags:\n- build\n- ci\nowner: team-a   # who to ask\n---\nbody\n", after(c, "project/a.md"));
    }
}
