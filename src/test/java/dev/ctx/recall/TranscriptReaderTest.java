package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptReaderTest {
    private final TranscriptReader reader = new TranscriptReader();

    @Test
    void discoverWalksSessionsSubagentsAndAgentFiles() throws Exception {
        List<Path> found = reader.discover(Fixtures.root());
        assertEquals(Fixtures.ALL.size(), found.size());
        for (String f : Fixtures.ALL) {
            assertTrue(found.contains(Fixtures.path(f)), f);
        }
        assertEquals(List.of(Fixtures.path(Fixtures.SHORT)), reader.discover(Fixtures.path(Fixtures.SHORT)));
        assertEquals(3, reader.discover(Fixtures.root().resolve("codex"), TranscriptFormat.CODEX).size());
        assertEquals(List.of(Fixtures.root().resolve("NOTICE.md")), reader.discover(Fixtures.root(), TranscriptFormat.MARKDOWN));
    }

    @Test
    void discoverSkipsHiddenFoldersAndReportsAMissingPath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/x.jsonl"), "{}");
        Files.writeString(dir.resolve("a.jsonl"), "{}");
        assertEquals(List.of(dir.resolve("a.jsonl")), reader.discover(dir));
        RecallException e = assertThrows(RecallException.class, () -> reader.discover(dir.resolve("nope")));
        assertEquals(dev.ctx.model.Problem.NOT_FOUND, e.problem());
    }

    @Test
    void autoSniffsEveryFixture() throws Exception {
        for (String f : Fixtures.ALL) {
            TranscriptFormat expected = f.startsWith("claude") ? TranscriptFormat.CLAUDE : f.startsWith("codex") ? TranscriptFormat.CODEX : TranscriptFormat.LETTA;
            assertEquals(expected, reader.read(Fixtures.path(f), TranscriptFormat.AUTO).format(), f);
        }
        assertEquals(TranscriptFormat.LETTA, reader.sniff(Path.of("agent.json"), "\"{\\\"agents\\\": []}\""));
        assertThrows(RecallException.class, () -> reader.sniff(Path.of("x.jsonl"), "{\"foo\": 1}\n"));
        assertEquals(TranscriptFormat.CODEX, TranscriptFormat.parse("Codex"));
    }

    @Test
    void everyTurnIdIsStableAcrossParses() throws Exception {
        for (String f : Fixtures.ALL) {
            List<Transcript> a = reader.parse(Fixtures.path(f), TranscriptFormat.AUTO);
            List<Transcript> b = new TranscriptReader().parse(Fixtures.path(f), TranscriptFormat.AUTO);
            assertEquals(a, b, f);
            assertTrue(a.get(0).turns().size() > 0, f);
        }
    }

    @Test
    void aPrefixOfASessionYieldsAPrefixOfItsTurns() throws Exception {
        for (String f : List.of(Fixtures.TOOL_HEAVY, Fixtures.ORCHESTRATOR, Fixtures.CODEX_OLD, Fixtures.CODEX_EXCERPT)) {
            List<String> lines = Files.readAllLines(Fixtures.path(f));
            Transcript whole = reader.parse(Fixtures.path(f), TranscriptFormat.AUTO).get(0);
            String half = String.join("\n", lines.subList(0, lines.size() / 2));
            Transcript prefix = reader.read(Fixtures.path(f), half, TranscriptFormat.AUTO).transcripts().get(0);
            assertTrue(prefix.turns().size() > 0 && prefix.turns().size() < whole.turns().size(), f);
            assertEquals(whole.turns().subList(0, prefix.turns().size()), prefix.turns(), f);
        }
    }
}
