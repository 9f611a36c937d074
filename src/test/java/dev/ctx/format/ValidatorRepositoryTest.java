package dev.ctx.format;

import dev.ctx.model.Finding;
import static dev.ctx.format.Checks.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.RepoPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ValidatorRepositoryTest {
    private final Validator validator = new Validator(CtxConfig.defaults());
    private final Map<RepoPath, byte[]> files = new LinkedHashMap<>();

    private ValidatorRepositoryTest put(String path, String text) {
        files.put(RepoPath.of(path), text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private List<String> check() {
        return validator.checkRepository(files).stream()
                .map(f -> (f.path().isEmpty() ? "" : f.path() + " ") + f.rule() + "@" + f.line())
                .collect(Collectors.toList());
    }

    private static byte[] resource(String path) {
        try (InputStream in = ValidatorRepositoryTest.class.getResourceAsStream("/format/skills/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRepositoryOfRealSkillsWithTheirResourcesIsValid() {
        put("ctx.yaml", CtxConfig.starterText());
        put("system/project.md", memory("description: The project\n", "Java 17, Maven.\n"));
        for (String p : List.of("mcp-builder/SKILL.md", "mcp-builder/LICENSE.txt", "mcp-builder/reference/evaluation.md",
                "mcp-builder/reference/node_mcp_server.md", "theme-factory/SKILL.md", "theme-factory/themes/ocean-depths.md",
                "internal-comms/SKILL.md", "internal-comms/examples/faq-answers.md", "brand-guidelines/SKILL.md")) {
            files.put(RepoPath.of("skills/" + p), resource("anthropics/" + p));
        }
        assertEquals(List.of(), check());
    }

    @Test
    void reportsEveryFileInPathOrder() {
        put("system/b.md", "no front-matter\n");
        put("system/a.md", memory("description: d\nread_only: maybe\n", "x\n"));
        assertEquals(List.of("system/a.md read-only-value@3", "system/b.md front-matter-required@1"), check());
    }

    @Test
    void holdsSystemToItsCharacterBudget() {
        put("ctx.yaml", "format: 1\nsystem:\n  budget_chars: 100\n  budget_tokens: 1000\n");
        put("system/a.md", memory("description: " + "not counted ".repeat(20) + "\n", "a".repeat(60)));
        put("system/deep/b.md", memory("description: d\n", "b".repeat(40)));
        put("notes/c.md", memory("description: d\n", "c".repeat(500)));
        assertEquals(List.of(), check());
        put("system/deep/b.md", memory("description: d\n", "b".repeat(41)));
        List<Finding> f = validator.checkRepository(files);
        assertEquals(List.of("system-budget@0"), f.stream().map(x -> x.rule() + "@" + x.line()).toList());
        assertEquals("", f.get(0).path());
        assertTrue(f.get(0).message().contains("101 characters") && f.get(0).message().contains("2 files"), f.get(0).message());
    }

    @Test
    void holdsSystemToItsTokenBudget() {
        put("ctx.yaml", "format: 1\nsystem:\n  budget_chars: 100000\n  budget_tokens: 10\n");
        put("system/a.md", memory("description: d\n", "a".repeat(40)));
        assertEquals(List.of(), check());
        put("system/a.md", memory("description: d\n", "a".repeat(41)));
        assertEquals(List.of("system-budget@0"), check());
    }

    @Test
    void usesTheConfigGivenWhenTheRepositoryHasNoCtxYaml() throws FormatException {
        Validator tight = new Validator(CtxConfig.parse("format: 1\nsystem:\n  budget_chars: 10\n"));
        put("system/a.md", memory("description: d\n", "a".repeat(11)));
        assertEquals(List.of("system-budget"), Checks.rules(tight.checkRepository(files)));
        assertEquals(List.of(), Checks.rules(validator.checkRepository(files)));
    }

    @Test
    void theRepositorysOwnCtxYamlSetsTheLimits() {
        put("ctx.yaml", "format: 1\nlimits:\n  default: 10\n");
        put("notes/a.md", memory("description: d\n", "a".repeat(11)));
        assertEquals(List.of("notes/a.md limit@4"), check());
    }

    @Test
    void aBrokenCtxYamlIsReportedAndTheDefaultsApply() {
        put("ctx.yaml", "format: 1\nlimits: [\n");
        put("notes/a.md", memory("description: d\n", "a".repeat(11)));
        List<String> found = check();
        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).startsWith("ctx.yaml config-yaml@"), found::toString);
    }

    @Test
    void everySkillFolderNeedsASkillMd() {
        put("skills/pdf/references/REFERENCE.md", "ref\n");
        put("skills/pdf/skill.md", "---\nname: pdf\ndescription: d\n---\n");
        assertEquals(List.of("skills/pdf/references/REFERENCE.md skill-missing@0"), check());
    }

    @Test
    void skillNamesAreUniqueAndTheMisnamedOneIsBlamed() {
        put("skills/pdf/SKILL.md", "---\nname: pdf\ndescription: d\n---\n");
        put("skills/another/SKILL.md", "---\nname: pdf\ndescription: d\n---\n");
        assertEquals(List.of("skills/another/SKILL.md skill-duplicate@0", "skills/another/SKILL.md skill-name-folder@2"), check());
    }

    @Test
    void pathsThatDifferOnlyByCaseCollide() {
        put("system/Notes.md", memory("description: d\n", "x\n"));
        put("system/notes.md", memory("description: d\n", "y\n"));
        assertEquals(List.of("system/notes.md path-case@0"), check());
    }

    @Test
    void collectsEveryKindOfFindingAcrossTheTree() {
        put("skills/pdf.md", "flat\n");
        put("system/a.md", memory("description: d\n", "x\n"));
        files.put(RepoPath.of("system/bin.md"), new byte[] {'-', 0});
        put("a/b/c/d/e/f/g/deep.md", memory("description: d\n", "x\n"));
        put("recall/s.md", "free form\n");
        assertEquals(List.of("a/b/c/d/e/f/g/deep.md depth@0", "skills/pdf.md skill-layout@0", "system/bin.md binary@1"), check());
    }
}
