package dev.ctx.format;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/format.md is part of the product: every rule and secret kind the code can report is documented there. */
class FormatDocTest {
    static final List<String> RULES = List.of(
            "file-size", "binary", "utf-8",
            "front-matter-required", "front-matter", "front-matter-size", "front-matter-yaml",
            "description-required", "description-type", "description-one-line", "description-length",
            "read-only-value", "limit-value", "tags-type", "unknown-key", "limit", "depth",
            "skill-layout", "skill-name-required", "skill-name", "skill-name-folder", "skill-license", "skill-compatibility",
            "skill-metadata", "skill-allowed-tools", "skill-claude-key", "skill-unknown-key", "skill-size", "skill-name-nfkc",
            "not-markdown", "config-yaml", "config-format", "config-value", "config-glob", "secret",
            "system-budget", "skill-missing", "skill-duplicate", "path-case");
    static final List<String> SECRET_KINDS = List.of("private-key", "aws-access-key-id", "aws-secret-access-key", "github-token",
            "gitlab-token", "slack-token", "stripe-key", "anthropic-api-key", "openai-api-key", "google-api-key", "jwt", "generic-secret");

    @Test
    void everyRuleAndSecretKindHasARowInTheSpecification() throws IOException {
        String doc = Files.readString(Path.of("docs/format.md"));
        for (String rule : RULES) {
            assertTrue(doc.contains("| `" + rule + "` |") || doc.contains("`" + rule + "`, "), "docs/format.md lacks rule " + rule);
        }
        for (String kind : SECRET_KINDS) {
            assertTrue(doc.contains("| `" + kind + "` |"), "docs/format.md lacks secret kind " + kind);
        }
        for (String key : SkillRules.CLAUDE_CODE_KEYS) {
            assertTrue(doc.contains("`" + key + "`"), "docs/format.md lacks Claude Code key " + key);
        }
    }

    @Test
    void theDocumentedCtxYamlIsTheStarterText() throws IOException {
        String doc = Files.readString(Path.of("docs/format.md"));
        assertTrue(doc.contains("```yaml\n" + CtxConfig.starterText() + "```"), "docs/format.md section 4 differs from CtxConfig.starterText()");
    }
}
