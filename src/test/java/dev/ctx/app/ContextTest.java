package dev.ctx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.ContextFormat;
import dev.ctx.model.ContextResult;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.support.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx context: what a session starts with, stable byte for byte, within its budget. */
class ContextTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path root;
    final Provenance who = Provenance.of("tester", "s-1", "test");

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        root = t.dir.resolve("r");
        try (Ctx ctx = Ctx.init(root, who, t.clock)) {
            ctx.remember(null, "the build uses maven", who);
            ctx.write(RepoPath.of("projects/billing.md"), "How billing retries failed card payments",
                    "# Billing\n\nIntro.\n\n## Retries\n\nFailed card payments are retried three times with exponential backoff.\n\n## Refunds\n\nRefunds go through the ledger service.\n", who);
            ctx.write(RepoPath.of("skills/deploy/SKILL.md"), "Deploy the service to staging & production",
                    "# Deploy\n\nRun make deploy.\n", who);
        }
    }

    private Ctx open() throws CtxException {
        return Ctx.open(root, t.clock, t.env);
    }

    @Test
    void theSameCommitGivesTheSameBytesInEveryFormat() throws Exception {
        for (ContextFormat f : ContextFormat.values()) {
            String first;
            try (Ctx ctx = open()) {
                first = ctx.context(null, null, f).text();
            }
            try (Ctx ctx = open()) {
                assertEquals(first, ctx.context(null, null, f).text(), f.label());
            }
            assertTrue(first.contains("the build uses maven"), f + ": system/ in full");
            assertTrue(first.contains("projects/billing.md") && first.contains("How billing retries failed card payments"), f + ": tree");
            assertTrue(first.contains("skills/deploy/SKILL.md"), f + ": skills");
            assertFalse(first.contains("exponential backoff"), f + ": on-demand bodies are not shown without a query");
        }
        String before;
        try (Ctx ctx = open()) {
            before = ctx.context(null, null, ContextFormat.MD).text();
            ctx.remember(null, "another fact", who);
            assertNotEquals(before, ctx.context(null, null, ContextFormat.MD).text(), "a new commit changes the context");
        }
    }

    @Test
    void aSmallBudgetCutsWholePartsAndSaysWhich() throws Exception {
        try (Ctx ctx = open()) {
            ContextResult full = ctx.context(null, null, ContextFormat.MD);
            assertTrue(full.cut().isEmpty());
            ContextResult small = ctx.context(full.tokens() - 20, null, ContextFormat.MD);
            assertFalse(small.cut().isEmpty());
            assertTrue(small.tokens() <= small.budgetTokens());
            assertTrue(small.text().contains("## Cut to fit the budget"));
            for (ContextResult.Part p : small.cut()) {
                assertTrue(small.text().contains("`" + p.path() + "`"), "cut part named: " + p.path());
                assertTrue(p.tokens() > 0);
            }
            assertTrue(full.parts().stream().allMatch(p -> p.tokens() > 0), "every part has a token estimate");
            CtxException e = assertThrows(CtxException.class, () -> ctx.context(0, null, ContextFormat.MD));
            assertEquals(Problem.REFUSED, e.problem());
        }
    }

    @Test
    void aQueryAddsTheRelevantSectionOfAnOnDemandFile() throws Exception {
        try (Ctx ctx = open()) {
            ContextResult r = ctx.context(null, "card payment retries backoff", ContextFormat.MD);
            assertTrue(r.text().contains("## Relevant to: card payment retries backoff"), r.text());
            assertTrue(r.text().contains("exponential backoff"), r.text());
        }
    }

    @Test
    void xmlHasTheAgentSkillsCatalogShapeAndJsonParses() throws Exception {
        try (Ctx ctx = open()) {
            String xml = ctx.context(null, null, ContextFormat.XML).text();
            assertTrue(xml.contains("<available_skills>\n<skill>\n<name>\ndeploy\n</name>\n<description>\n"
                    + "Deploy the service to staging &amp; production\n</description>\n<location>\nskills/deploy/SKILL.md\n</location>\n</skill>\n"
                    + "</available_skills>"), xml);
            JsonNode json = new ObjectMapper().readTree(ctx.context(null, null, ContextFormat.JSON).text());
            assertEquals(ctx.head(), json.get("commit").asText());
            assertEquals("system/notes.md", json.get("system").get(1).get("path").asText());
            assertEquals("deploy", json.get("skills").get(0).get("name").asText());
        }
    }
}
