package dev.ctx.format;

import dev.ctx.model.Finding;
import static dev.ctx.format.Checks.brief;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.RepoPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkillRulesTest {
    private final Validator validator = new Validator(CtxConfig.defaults());

    static String fixture(String path) {
        try (InputStream in = SkillRulesTest.class.getResourceAsStream("/format/skills/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Finding> skill(String name, String text) {
        return validator.checkFile(RepoPath.of("skills/" + name + "/SKILL.md"), text);
    }

    private List<String> check(String folder, String frontMatter) {
        return brief(skill(folder, "---\n" + frontMatter + "---\n# Body\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"brand-guidelines", "frontend-design", "internal-comms", "mcp-builder", "theme-factory"})
    void anthropicSkillsAreValid(String name) {
        assertEquals(List.of(), skill(name, fixture("anthropics/" + name + "/SKILL.md")));
    }

    @Test
    void lettaSyncingSkillIsValid() {
        assertEquals(List.of(), skill("syncing-memory-filesystem", fixture("letta-code/syncing-memory-filesystem/SKILL.md")));
    }

    @Test
    void contextDoctorHasAnInvalidNameAndAnUnknownKey() {
        List<Finding> f = skill("context-doctor", fixture("letta-code/context-doctor/SKILL.md"));
        assertEquals(List.of("skill-name@2", "skill-name-folder@2", "skill-unknown-key@3!"), brief(f));
        assertTrue(f.get(0).message().contains("Context Doctor"), f.get(0).message());
        assertTrue(f.get(2).message().contains("'id'"), f.get(2).message());
    }

    @Test
    void generatingModEnvsHasOnlyClaudeCodeWarnings() {
        List<Finding> f = skill("generating-mod-envs", fixture("letta-code/generating-mod-envs/SKILL.md"));
        assertEquals(List.of("skill-claude-key@4!", "skill-claude-key@5!"), brief(f));
        assertTrue(f.get(0).message().contains("disable-model-invocation"));
        assertTrue(f.get(1).message().contains("user-invocable"));
        assertTrue(f.stream().noneMatch(Finding::isError));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "pdf-processing", "data-analysis-2", "x0"})
    void acceptsSpecNames(String name) {
        assertEquals(List.of(), check(name, "name: " + name + "\ndescription: d\n"));
    }

    @Test
    void acceptsA64CharacterName() {
        String name = "a".repeat(64);
        assertEquals(List.of(), check(name, "name: " + name + "\ndescription: d\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PDF-Processing", "-pdf", "pdf-", "pdf--processing", "pdf_processing", "pdf processing", "café"})
    void refusesNamesOutsideTheSpec(String name) {
        List<String> found = check("folder", "name: \"" + name + "\"\ndescription: d\n");
        assertEquals(List.of("skill-name@2", "skill-name-folder@2"), found);
    }

    @Test
    void refusesA65CharacterName() {
        String name = "a".repeat(65);
        List<Finding> f = skill(name, "---\nname: " + name + "\ndescription: d\n---\n");
        assertEquals(List.of("skill-name@2"), brief(f));
        assertTrue(f.get(0).message().contains("65 characters"), f.get(0).message());
    }

    @Test
    void theNameMustEqualTheFolder() {
        List<Finding> f = skill("pdf", "---\nname: pdf-tools\ndescription: d\n---\n");
        assertEquals(List.of("skill-name-folder@2"), brief(f));
        assertTrue(f.get(0).message().contains("skills/pdf/"), f.get(0).message());
    }

    @Test
    void requiresNameAndDescription() {
        assertEquals(List.of("skill-name-required@2"), check("pdf", "description: d\n"));
        assertEquals(List.of("description-required@2"), check("pdf", "name: pdf\n"));
        assertEquals(List.of("description-required@3"), check("pdf", "name: pdf\ndescription: \"\"\n"));
        assertEquals(List.of("front-matter-required@1"), brief(skill("pdf", "# PDF\n")));
    }

    @Test
    void limitsTheDescriptionTo1024Characters() {
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: " + "d".repeat(1024) + "\n"));
        assertEquals(List.of("description-length@3"), check("pdf", "name: pdf\ndescription: " + "d".repeat(1025) + "\n"));
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: |\n  Multi-line descriptions\n  are allowed for skills.\n"));
    }

    @Test
    void limitsCompatibilityTo500Characters() {
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: d\ncompatibility: " + "c".repeat(500) + "\n"));
        assertEquals(List.of("skill-compatibility@4"), check("pdf", "name: pdf\ndescription: d\ncompatibility: " + "c".repeat(501) + "\n"));
        assertEquals(List.of("skill-compatibility@4"), check("pdf", "name: pdf\ndescription: d\ncompatibility: \"\"\n"));
    }

    @Test
    void metadataIsAMapOfStringsToStrings() {
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: d\nmetadata:\n  author: example-org\n  version: 1.0\n"));
        assertEquals(List.of("skill-metadata@4"), check("pdf", "name: pdf\ndescription: d\nmetadata:\n  source:\n    remote: x\n"));
        assertEquals(List.of("skill-metadata@4"), check("pdf", "name: pdf\ndescription: d\nmetadata: [a, b]\n"));
        assertEquals(List.of("skill-metadata@4"), check("pdf", "name: pdf\ndescription: d\nmetadata: text\n"));
    }

    @Test
    void allowedToolsIsASpaceSeparatedString() {
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: d\nallowed-tools: Bash(git:*) Read\n"));
        assertEquals(List.of("skill-allowed-tools@4!"), check("pdf", "name: pdf\ndescription: d\nallowed-tools: [Bash, Read]\n"));
        assertEquals(List.of("skill-allowed-tools@4"), check("pdf", "name: pdf\ndescription: d\nallowed-tools: {a: b}\n"));
    }

    @Test
    void licenseIsText() {
        assertEquals(List.of(), check("pdf", "name: pdf\ndescription: d\nlicense: Apache-2.0\n"));
        assertEquals(List.of("skill-license@4"), check("pdf", "name: pdf\ndescription: d\nlicense: [MIT, Apache-2.0]\n"));
    }

    @Test
    void namesClaudeCodeKeysApartFromOtherUnknownKeys() {
        List<Finding> f = skill("pdf", "---\nname: pdf\ndescription: d\nmodel: opus\ncontext: fork\nwhen_to_use: x\nversion: 2\n---\n");
        assertEquals(List.of("skill-claude-key@4!", "skill-claude-key@5!", "skill-claude-key@6!", "skill-unknown-key@7!"), brief(f));
        assertTrue(f.get(3).message().contains("metadata"), f.get(3).message());
    }

    @Test
    void memoryKeysAndLimitsDoNotApplyToSkills() {
        // 9 KB body, over the memory default of 5000: skills are bounded only by an explicit override
        String text = fixture("anthropics/mcp-builder/SKILL.md");
        assertTrue(text.length() > CtxConfig.defaults().defaultLimit());
        assertEquals(List.of(), skill("mcp-builder", text));
    }

    @Test
    void anExplicitOverrideLimitsSkillBodies() throws FormatException {
        Validator v = new Validator(CtxConfig.parse("format: 1\nlimits:\n  overrides:\n    \"skills/**\": 100\n"));
        List<Finding> f = v.checkFile(RepoPath.of("skills/pdf/SKILL.md"), "---\nname: pdf\ndescription: d\n---\n" + "x".repeat(101));
        assertEquals(List.of("limit@5"), brief(f));
    }

    @Test
    void warnsAboutSkillFilesOver500Lines() {
        String body = "line\n".repeat(496); // 4 front-matter lines + 496 = 500
        assertEquals(List.of(), brief(skill("pdf", "---\nname: pdf\ndescription: d\n---\n" + body)));
        assertEquals(List.of("skill-size@501!"), brief(skill("pdf", "---\nname: pdf\ndescription: d\n---\n" + body + "one more\n")));
    }

    @Test
    void flatSkillFilesAreErrors() {
        List<Finding> f = validator.checkFile(RepoPath.of("skills/pdf.md"), "---\nname: pdf\ndescription: d\n---\n");
        assertEquals(List.of("skill-layout@0"), brief(f));
        assertTrue(f.get(0).message().contains("skills/pdf/SKILL.md"), f.get(0).message());
        assertEquals(List.of("skill-layout@0"), brief(validator.checkFile(RepoPath.of("skills/notes.txt"), "x")));
        assertEquals(List.of(), brief(validator.checkFile(RepoPath.of("skills/.gitkeep"), "")));
    }

    @Test
    void filesBesideSkillMdAreNotParsedAsMemory() {
        assertEquals(List.of(), brief(validator.checkFile(RepoPath.of("skills/mcp-builder/reference/evaluation.md"),
                fixture("anthropics/mcp-builder/reference/evaluation.md"))));
        assertEquals(List.of(), brief(validator.checkFile(RepoPath.of("skills/theme-factory/themes/arctic-frost.md"),
                fixture("anthropics/theme-factory/themes/arctic-frost.md"))));
        assertEquals(List.of(), brief(validator.checkFile(RepoPath.of("skills/pdf/references/REFERENCE.md"), "no front-matter\n")));
    }

    @Test
    void validNamePredicateMatchesTheSpec() {
        assertTrue(SkillRules.isValidName("pdf-processing"));
        assertFalse(SkillRules.isValidName(null));
        assertFalse(SkillRules.isValidName(""));
        assertFalse(SkillRules.isValidName("a--b"));
    }
}
