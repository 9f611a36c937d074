package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static dev.ctx.recall.Fixtures.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.format.Document;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RecallRendererTest {
    private static final UnaryOperator<String> NONE = UnaryOperator.identity();

    @Test
    void renderedFileHasFrontMatterTitleAndOneHeadingPerTurn() throws Exception {
        Transcript t = one(Fixtures.SHORT);
        String md = RecallRenderer.render(t, NONE);
        assertTrue(md.startsWith("""
                ---
                description: "claude session 2026-02-10: mix phx.server doesnt seem to start"
                source: claude
                session: "55604662-cf2a-4331-851a-ec234028f8ca"
                started: 2026-02-10T21:11:56.846Z
                cwd: /home/marco/projects/spotter
                ---
                # mix phx.server doesnt seem to start

                ### user · 2026-02-10T21:11:56Z {#t-7d48cbd2-6615-4dd8-87f6-38f12b8167d6}

                mix phx.server doesnt seem to start

                ### assistant · 2026-02-10T21:12:00Z {#t-"""), md);
        assertTrue(md.contains("""
                ### tool · 2026-02-10T21:12:02Z {#t-ff80d82a-4ac1-4945-83dd-1226f98b8cf6}

                result of tool Bash: mix phx.server 2>&1 | head -80

                ```text
                error: The user doesn't want to proceed with this tool use.
                ```"""), md);
        assertEquals("recall/claude/2026-02/55604662-cf2a-4331-851a-ec234028f8ca.md", RecallRenderer.path(t));
    }

    @Test
    void everyFixtureRendersToValidFrontMatterAndExactlyItsTurnSections() throws Exception {
        for (String f : Fixtures.ALL) {
            Transcript t = one(f);
            String md = RecallRenderer.render(t, NONE);
            Document doc = Document.parse(md);
            assertTrue(doc.description().startsWith(t.source() + " session "), f);
            assertFalse(doc.description().contains("\n"), f);
            assertEquals(t.sessionId(), doc.frontMatter().string("session"), f);
            List<String> ids = t.turns().stream().map(Turn::id).toList();
            assertEquals(ids, new ArrayList<>(RecallRenderer.turnIds(md)), f + ": turn text leaked a heading or fence");
            long headings = md.lines().filter(l -> l.startsWith("#") && !l.startsWith("# ")).count();
            assertTrue(headings >= ids.size(), f);
        }
    }

    @Test
    void aToolResultIsHeadedByTheCallItAnswersRedactedAndOutsideItsFence() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        Transcript t = new Transcript("claude", "s", "t", now, null, List.of(
                new Turn("a", "assistant", now, "tool Bash: curl -H 'token: SECRET' x"),
                new Turn("b", "tool", now, "error: The user doesn't want to proceed with this tool use.", "tool Bash: curl -H 'token: SECRET' x")));
        String md = RecallRenderer.render(t, s -> s == null ? null : s.replace("SECRET", "[REDACTED]"));
        assertTrue(md.contains("{#t-b}\n\nresult of tool Bash: curl -H 'token: [REDACTED]' x\n\n```text\nerror: The user"), md);
        assertFalse(md.contains("SECRET"), md);
        assertEquals(List.of("a", "b"), new ArrayList<>(RecallRenderer.turnIds(md)));
    }

    @Test
    void turnTextCannotOpenSectionsOrSwallowTheNextTurn() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        Transcript t = new Transcript("markdown", "s", "t", now, null, List.of(
                new Turn("a", "assistant", now, "## Plan\nStep one\n===\n<!-- note\n### user · x {#t-fake}\n```java\nclass A {"),
                new Turn("b", "tool", now, "```\nnested ``` fence\n```"),
                new Turn("c", "user", null, "thanks")));
        String md = RecallRenderer.render(t, NONE);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(RecallRenderer.turnIds(md)));
        assertTrue(md.contains("\\## Plan\nStep one\n\\===\n\\<!-- note\n\\### user · x {#t-fake}\n```java\nclass A {\n```\n"), md);
        assertTrue(md.contains("````text\n```\nnested ``` fence\n```\n````"), md);
        assertTrue(md.contains("\n### user {#t-c}\n\nthanks\n"), "no time, no separator");
    }

    @Test
    void redactorIsAppliedToEveryTurnAndTheTitle() throws Exception {
        Transcript t = one(Fixtures.SHORT);
        String md = RecallRenderer.render(t, s -> s.replace("phx.server", "[REDACTED]").replace("rejected", "[REDACTED]"));
        assertFalse(md.contains("phx.server"), md);
        assertFalse(md.contains("rejected"));
        assertTrue(md.contains("description: \"claude session 2026-02-10: mix [REDACTED] doesnt seem to start\""));
        assertTrue(md.contains("tool Bash: mix [REDACTED] 2>&1 | head -80"));
        String merged = RecallRenderer.merge(RecallRenderer.render(prefix(t, 1), NONE), t, s -> s.replace("Glob", "G***"));
        assertTrue(merged.contains("tool G***: mix.exs"), "merge redacts what it appends");
    }

    @Test
    void mergeAppendsOnlyNewTurnsOfALaterIngest() throws Exception {
        for (String f : List.of(Fixtures.TOOL_HEAVY, Fixtures.COMPACT, Fixtures.CODEX_OLD, Fixtures.CODEX_EXCERPT)) {
            List<String> lines = Files.readAllLines(Fixtures.path(f));
            Transcript whole = one(f);
            Transcript early = new TranscriptReader()
                    .read(Fixtures.path(f), String.join("\n", lines.subList(0, lines.size() / 2)), TranscriptFormat.AUTO).transcripts().get(0);
            String first = RecallRenderer.render(early, NONE);
            String merged = RecallRenderer.merge(first, whole, NONE);
            assertTrue(merged.startsWith(first), f + ": existing bytes kept");
            assertNotEquals(first, merged, f);
            assertEquals(RecallRenderer.render(whole, NONE), merged, f + ": same file as ingesting once");
            assertSame(merged, RecallRenderer.merge(merged, whole, NONE), f + ": re-ingest changes nothing");
        }
    }

    @Test
    void mergeKeepsAPersonsEditsAndDoesNotRepeatTurnsTheyLeft() throws Exception {
        Transcript t = one(Fixtures.SHORT);
        String edited = RecallRenderer.render(prefix(t, 3), NONE).replace("# mix phx.server", "# Phoenix would not start")
                + "\nA note a person added, without a newline at the end";
        String merged = RecallRenderer.merge(edited, t, NONE);
        assertTrue(merged.startsWith(edited));
        assertEquals(t.turns().stream().map(Turn::id).toList(), new ArrayList<>(RecallRenderer.turnIds(merged)));
        assertEquals(RecallRenderer.render(t, NONE), RecallRenderer.merge(null, t, NONE));
    }

    @Test
    void pathsAreSafeAndDated() {
        Instant jan = Instant.parse("2026-01-31T23:59:59Z");
        assertEquals("recall/codex/2026-01/abc.md",
                RecallRenderer.path(new Transcript("codex", "abc", null, jan, null, List.of())));
        assertEquals("recall/letta/undated/session/x-y.md",
                RecallRenderer.path(new Transcript("letta", "../x y", null, null, null, List.of())));
        assertEquals("\"a: b \\\"c\\\"\\n\"", RecallRenderer.yaml("a: b \"c\"\n"));
    }

    private static Transcript prefix(Transcript t, int n) {
        return new Transcript(t.source(), t.sessionId(), t.title(), t.started(), t.cwd(), t.turns().subList(0, n));
    }
}
