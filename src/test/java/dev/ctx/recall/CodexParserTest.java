package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static dev.ctx.recall.Fixtures.all;
import static dev.ctx.recall.Fixtures.one;
import static dev.ctx.recall.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class CodexParserTest {

    @Test
    void oldShapeShellCallsAndJsonEnvelopeOutput() throws Exception {
        Transcript t = one(Fixtures.CODEX_OLD);
        assertEquals("codex", t.source());
        assertEquals("019b7f94-51b4-7593-922e-ba12b5b73b52", t.sessionId());
        assertEquals("/Users/Nikita_Levyankov/repos/EPMCDME/codemie-ai/codemie-code", t.cwd());
        assertEquals(Instant.parse("2026-01-02T16:39:45.332Z"), t.started());
        // the prompt, then three shell calls and their outputs; the file ends mid-turn
        assertEquals(7, t.turns().size());
        assertEquals(1, Collections.frequency(texts(t, "user"), "what is current repository about? summarize purpuse and explain goals"),
                "the prompt is a response item and an event: one turn");
        assertEquals("user", t.turns().get(0).role(), "the AGENTS.md and environment preambles are skipped");
        assertTrue(texts(t, "assistant").contains("tool shell: ls"));
        assertTrue(texts(t, "assistant").contains("tool shell: rg --files -g 'AGENTS.md'"));
        assertTrue(texts(t, "tool").contains("exit 0: docs/AGENTS.md"));
        String readme = texts(t, "tool").stream().filter(s -> s.contains("# AI/Run CodeMie CLI")).findFirst().orElseThrow();
        assertTrue(readme.endsWith("more chars]") && readme.length() < Text.TOOL_OUTPUT_LIMIT + 40, "output truncated");
        assertFalse(all(t).contains("Clarifying documentation instructions"), "reasoning is dropped");
        assertFalse(all(t).contains("<environment_context>"));
        assertFalse(all(t).contains("AGENTS.md instructions"));
    }

    @Test
    void anOutputNamesTheCallItAnswersWithoutChangingItsId() throws Exception {
        Transcript t = one(Fixtures.CODEX_OLD);
        Turn found = t.turns().stream().filter(x -> x.text().equals("exit 0: docs/AGENTS.md")).findFirst().orElseThrow();
        assertEquals("tool shell: rg --files -g 'AGENTS.md'", found.answers(), "matched by call_id");
        Turn same = new Turn(found.id(), found.role(), found.time(), found.text());
        assertEquals(same.id(), found.id());
        // the id is a hash of the call id and the output, as before: a session ingested earlier gets no duplicates
        String again = one(Fixtures.CODEX_OLD).turns().stream().filter(x -> x.text().equals("exit 0: docs/AGENTS.md"))
                .findFirst().orElseThrow().id();
        assertEquals(found.id(), again);
        assertTrue(t.turns().stream().filter(x -> !x.role().equals("tool")).allMatch(x -> x.answers() == null));
    }

    @Test
    void newShapeDropsDeveloperPreambleAndDuplicateEvents() throws Exception {
        Transcript t = one(Fixtures.CODEX_NEW);
        assertEquals("019e1625-789d-76c0-80ab-3724b5ddb799", t.sessionId());
        assertEquals(5, t.turns().size());
        assertEquals("show tools", t.turns().get(0).text());
        assertEquals(1, Collections.frequency(texts(t, "user"), "show tools"));
        assertEquals(1, texts(t, "assistant").stream().filter(s -> s.startsWith("Available tool groups in this session:")).count(),
                "agent_message event and final_answer message are one turn");
        assertTrue(texts(t, "assistant").stream().anyMatch(s -> s.startsWith("tool exec_command: sed -n '1,180p' ")));
        assertTrue(texts(t, "assistant").contains("tool write_stdin: session 48230"));
        assertTrue(texts(t, "tool").get(0).startsWith("exit 0: ---\nname: using-superpowers"), "Chunk header reduced to the exit code");
        assertFalse(all(t).contains("permissions instructions"));
        assertFalse(all(t).contains("Chunk ID:"));
    }

    @Test
    void excerptWithoutSessionMetaTakesItsIdFromTheFileName() throws Exception {
        Transcript t = one(Fixtures.CODEX_EXCERPT);
        assertEquals("019e1625-789d-76c0-80ab-3724b5ddb799", t.sessionId());
        assertEquals("recall/codex/2026-05/019e1625-789d-76c0-80ab-3724b5ddb799.md", RecallRenderer.path(t));
        assertTrue(texts(t, "assistant").contains(
                "tool apply_patch: Update File: src/agents/plugins/__tests__/codemie-code-reasoning.test.ts"));
        assertTrue(texts(t, "assistant").contains("tool web_search: site:opencode.ai/docs compaction threshold opencode 90 reserved"));
        assertEquals(1, texts(t, "assistant").stream().filter(s -> s.startsWith("The RED check failed exactly because")).count());
        long events = java.nio.file.Files.readAllLines(Fixtures.path(Fixtures.CODEX_EXCERPT)).stream()
                .filter(l -> l.contains("\"agent_message\"")).count();
        assertEquals(7, events);
        assertEquals(7, texts(t, "assistant").stream().filter(s -> !s.startsWith("tool ")).count(),
                "seven agent messages, each also a response item, each one turn");
        assertTrue(texts(t, "assistant").stream().anyMatch(s -> s.startsWith("Implemented the default context compaction setting")));
        assertTrue(texts(t, "user").isEmpty());
        assertTrue(texts(t, "tool").stream().anyMatch(s -> s.startsWith("exit 0: Success. Updated the following files:\nM src/agents/plugins/")),
                "custom_tool_call_output unwrapped");
    }

    @Test
    void idsAreContentBasedSoAnExcerptMatchesTheSameTurnsOfTheWholeFile() throws Exception {
        // The 1-19 excerpt's turns are a prefix of the full session; hashing content (not the position in
        // the file) gives the same ids whichever slice of the session is ingested.
        Transcript head = one(Fixtures.CODEX_NEW);
        String lines = java.nio.file.Files.readString(Fixtures.path(Fixtures.CODEX_NEW));
        String firstNine = String.join("\n", lines.lines().limit(9).toList());
        String from5 = String.join("\n", lines.lines().skip(5).toList());
        TranscriptReader reader = new TranscriptReader();
        Transcript prefix = reader.read(Fixtures.path(Fixtures.CODEX_NEW), firstNine, TranscriptFormat.CODEX).transcripts().get(0);
        Transcript suffix = reader.read(Fixtures.path(Fixtures.CODEX_NEW), from5, TranscriptFormat.CODEX).transcripts().get(0);
        assertEquals(head.turns().subList(0, prefix.turns().size()), prefix.turns());
        assertEquals(head.turns(), suffix.turns(), "no session_meta and no preamble in the slice, same ids");
    }
}
