package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownParserTest {
    private final TranscriptReader reader = new TranscriptReader();

    private Transcript parse(String name, String text) throws RecallException {
        ParseResult r = reader.read(Path.of(name), text, TranscriptFormat.AUTO);
        assertEquals(TranscriptFormat.MARKDOWN, r.format());
        return r.transcripts().get(0);
    }

    @Test
    void headingsNameTheSpeakers() throws Exception {
        Transcript t = parse("pairing-2026-03-01.md", """
                ---
                title: Fixing the flaky test
                date: 2026-03-01
                ---
                ## User
                Why does `LockTest` fail on CI?

                ## Assistant (10:32)
                It races on the temp dir:

                ```java
                ## User
                not a new turn: inside a fence
                ```

                ### System
                Conversation compacted.
                """);
        assertTrue(t.sessionId().matches("pairing-2026-03-01-[0-9a-f]{8}"), t.sessionId());
        assertEquals("Fixing the flaky test", t.title());
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), t.started());
        assertEquals(List.of("user", "assistant", "system"), t.turns().stream().map(Turn::role).toList());
        assertEquals("Why does `LockTest` fail on CI?", t.turns().get(0).text());
        assertTrue(t.turns().get(1).text().contains("## User\nnot a new turn: inside a fence"));
    }

    @Test
    void boldPrefixesNameTheSpeakers() throws Exception {
        Transcript t = parse("chat.md", """
                # Release planning

                **User:** when do we cut 1.2?
                **Assistant:** After the index migration lands.
                It needs one more review.
                **User:** ok
                """);
        assertEquals("Release planning", t.title());
        assertEquals(List.of("user", "assistant", "user"), t.turns().stream().map(Turn::role).toList());
        assertEquals("After the index migration lands.\nIt needs one more review.", t.turns().get(1).text());
        assertNull(t.started());
        assertTrue(RecallRenderer.path(t).matches("recall/markdown/undated/chat-[0-9a-f]{8}\\.md"), RecallRenderer.path(t));
    }

    @Test
    void withoutSpeakersTheWholeFileIsOneTurn() throws Exception {
        Transcript t = parse("notes.md", "Decided to keep BM25 as the fallback.\n\n## Why\nNo model on CI.\n");
        assertEquals(1, t.turns().size());
        assertEquals("user", t.turns().get(0).role());
        assertEquals("Decided to keep BM25 as the fallback.\n\n## Why\nNo model on CI.", t.turns().get(0).text());
    }

    @Test
    void editingOneTurnKeepsTheOtherIds() throws Exception {
        Transcript before = parse("c.md", "## User\nfirst\n\n## Assistant\nsecond\n\n## User\nthird\n");
        Transcript after = parse("c.md", "## User\nfirst\n\n## Assistant\nsecond, corrected\n\n## User\nthird\n");
        assertEquals(before.turns().get(0).id(), after.turns().get(0).id());
        assertEquals(before.turns().get(2).id(), after.turns().get(2).id());
        assertTrue(!before.turns().get(1).id().equals(after.turns().get(1).id()));
        Transcript repeated = parse("r.md", "## User\nok\n\n## User\nok\n");
        assertEquals(2, repeated.turns().size(), "identical turns still get distinct ids");
    }
}
