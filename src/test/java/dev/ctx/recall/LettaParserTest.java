package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static dev.ctx.recall.Fixtures.all;
import static dev.ctx.recall.Fixtures.one;
import static dev.ctx.recall.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LettaParserTest {

    @Test
    void currentSchemaSendMessageIsWhatTheAssistantSaid() throws Exception {
        Transcript t = one(Fixtures.LETTA_LOOP);
        assertEquals("letta", t.source());
        assertEquals("loop", t.sessionId(), "exports renumber agents as agent-0, so the file names the session");
        assertEquals("Loop", t.title());
        assertEquals(List.of("system", "assistant"), t.turns().stream().map(Turn::role).toList());
        assertEquals("I'm Loop. I remember. What's on your mind?", t.turns().get(1).text());
        assertFalse(all(t).contains("\"status\": \"OK\""), "the send_message return is noise");
        String system = t.turns().get(0).text();
        assertTrue(system.startsWith("You are Loop. You remember."));
        assertTrue(system.endsWith("more chars]"), "the system prompt is cut");
        assertEquals(Instant.parse("2026-01-22T02:06:34.048456Z"), t.started());
    }

    @Test
    void legacyV06DropsInnerMonologueAndUnwrapsRuntimeMessages() throws Exception {
        Transcript t = one(Fixtures.LETTA_LEGACY);
        assertEquals("memgpt_agent", t.title());
        assertEquals(List.of("system", "assistant", "system"), t.turns().stream().map(Turn::role).toList());
        assertEquals("More human than human is our motto.", texts(t, "assistant").get(0));
        assertFalse(all(t).contains("Bootup sequence complete"), "inner thoughts are dropped");
        assertEquals("login: last_login Never (first login)", t.turns().get(2).text());
        assertEquals(Instant.parse("2025-04-01T03:47:27Z"), t.started(), "a zone-less time is UTC");
    }

    @Test
    void doubleEncodedFileIsDecodedTwice() throws Exception {
        Transcript twice = one(Fixtures.LETTA_DOUBLE);
        Transcript plain = one(Fixtures.LETTA_CONVO);
        assertEquals("memgpt_agent", twice.title());
        assertEquals(1, twice.turns().size());
        assertTrue(twice.turns().get(0).text().startsWith("<base_instructions>\nYou are a helpful self-improving agent"));
        assertEquals(plain.title(), twice.title());
        assertTrue(plain.turns().get(0).text().startsWith("<base_instructions>"));
        assertEquals("memgpt_agent.double-encoded", twice.sessionId());
    }

    @Test
    void aToolReturnNamesTheCallItAnswers() throws Exception {
        String af = """
                {"agents": [{"id": "agent-1", "name": "helper", "messages": [
                  {"role": "user", "created_at": "2026-01-22T02:06:00Z", "content": [{"type": "text", "text": "remember that I use fish"}]},
                  {"role": "assistant", "created_at": "2026-01-22T02:06:01Z", "content": [],
                   "tool_calls": [{"id": "call-7", "function": {"name": "core_memory_append", "arguments": "{\\"content\\": \\"uses fish\\"}"}}]},
                  {"role": "tool", "created_at": "2026-01-22T02:06:02Z", "tool_call_id": "call-7", "content": [{"type": "text", "text": "OK"}]}
                ]}]}
                """;
        Transcript t = new TranscriptReader().read(Path.of("helper.af"), af, TranscriptFormat.LETTA).transcripts().get(0);
        Turn ret = t.turns().stream().filter(x -> x.role().equals("tool")).findFirst().orElseThrow();
        assertEquals("tool core_memory_append: {\"content\":\"uses fish\"}", ret.answers());
        assertEquals("OK", ret.text());
    }

    @Test
    void notAnAgentFileIsRefusedWithTheReason() {
        TranscriptReader reader = new TranscriptReader();
        RecallException e = assertThrows(RecallException.class,
                () -> reader.read(Path.of("broken.af"), "{\"agents\": [", TranscriptFormat.AUTO));
        assertTrue(e.getMessage().startsWith("broken.af: not valid JSON"), e.getMessage());
        assertThrows(RecallException.class, () -> reader.read(Path.of("x.af"), "{\"name\": \"x\"}", TranscriptFormat.LETTA));
    }
}
