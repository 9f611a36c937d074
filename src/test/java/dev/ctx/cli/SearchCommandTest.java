package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.support.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path dir;

    String out;
    String err;

    int run(String... args) {
        TestRepo.Run r = t.ctx(args);
        out = r.out();
        err = r.err();
        return r.exit();
    }

    /** Commits what a person edited, with git and the test's own HOME (no user or system git config). */
    void personCommits(String message) throws Exception {
        t.git(dir.resolve("repo"), "commit", "-qam", message);
    }

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        t.clock = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);
        dir = t.dir;
        assertEquals(0, run("init", "repo"), err);
        assertEquals(0, run("--repo", "repo", "write", "notes/build", "--description", "Build notes",
                "--body", "# Maven\nBuild offline with maven.\n\n# Release\nTag and push.\n"), err);
        assertEquals(0, run("--repo", "repo", "write", "notes/garden", "--description", "Garden",
                "--body", "# Tomatoes\nWater tomatoes in the morning.\n"), err);
    }

    /** What a person does to turn embeddings off: edit ctx.yaml and commit it (agents cannot). */
    void bm25Only() throws Exception {
        Path yaml = dir.resolve("repo/ctx.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("provider: builtin", "provider: none"));
        personCommits("embeddings off");
    }

    @Test
    void hybridWithTheBuiltinModelIsTheDefaultAndFindsMeaningWithoutSharedWords() throws Exception {
        // The paraphrase scores 0.82, under the query's own noise level (0.805, a reference passage about planting
        // tulips) plus its margin; the garden note is far from neutral questions (its own noise level about 0.75),
        // so the hubness correction keeps it (docs/search.md, "The floor").
        assertEquals(0, run("--repo", "repo", "--json", "search", "irrigating the vegetable patch at dawn", "--explain", "-k", "2"), err);
        JsonNode data = Output.mapper().readTree(out).get("data");
        assertEquals("hybrid", data.get("mode").asText());
        assertEquals(1, data.get("hits").size(), out);
        JsonNode top = data.get("hits").get(0);
        assertEquals("notes/garden.md", top.get("path").asText(), out);
        assertTrue(top.get("explain").get("bm25_rank").isNull(), "no word of the query is in the garden note");
        assertEquals(1, top.get("explain").get("vector_rank").asInt());
        JsonNode floor = data.get("floor");
        float similarity = (float) top.get("explain").get("vector_score").asDouble();
        assertTrue(similarity < floor.get("similarity_needed").asDouble(), "kept by the correction, not by the query's noise test: " + out);
        float textNoise = (float) floor.get("text_noise").get(top.get("id").asText()).asDouble();
        assertTrue(textNoise < floor.get("noise_level").asDouble(), out);
        assertTrue(similarity - (floor.get("noise_level").asDouble() + textNoise) / 2 >= floor.get("hub_margin").asDouble(), out);
        assertEquals(0, run("--repo", "repo", "--json", "index", "status"), err);
        assertTrue(Output.mapper().readTree(out).get("data").get("model").asText().contains("e5-small-v2"), out);
        // Without the correction the query's noise test alone drops it, as it did before.
        Path yaml = dir.resolve("repo/ctx.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("hub_margin: 0.045", "hub_margin: off"));
        personCommits("no hubness correction");
        assertEquals(0, run("--repo", "repo", "search", "irrigating the vegetable patch at dawn"), err);
        assertEquals("(no hits)\n", out);
    }

    @Test
    void explainShowsWhatTheSecondStageAddedForTheSpeakerTheQueryNames() throws Exception {
        Path session = dir.resolve("repo/recall/chat/2026-02/s1.md");
        java.nio.file.Files.createDirectories(session.getParent());
        java.nio.file.Files.writeString(session, "---\ndescription: chat session 2026-02-10: the server\n---\n# the server\n\n"
                + "### user · 2026-02-10T21:11:56Z {#t-a}\n\nThe phoenix server does not start.\n\n"
                + "### assistant · 2026-02-10T21:12:30Z {#t-b}\n\nThe phoenix server needs the database running first.\n");
        t.git(dir.resolve("repo"), "add", "recall");
        personCommits("a recall session");
        assertEquals(0, run("--repo", "repo", "--json", "search", "what did the assistant say about the phoenix server",
                "--kind", "recall", "--explain", "-k", "2"), err);
        JsonNode top = Output.mapper().readTree(out).get("data").get("hits").get(0);
        assertTrue(top.get("heading").asText().contains("assistant"), out);
        JsonNode x = top.get("explain");
        assertTrue(x.get("lift").floatValue() >= 0.3f - 1e-6, "the speaker's lift, and its file's other hit: " + out);
        assertEquals(top.get("score").floatValue(), x.get("fused").floatValue() + x.get("lift").floatValue(), 1e-5);
        assertEquals(0.3f, x.get("lift_speaker").floatValue(), 1e-6, out);
        assertEquals(x.get("lift").floatValue(), x.get("lift_file").floatValue() + x.get("lift_speaker").floatValue()
                + x.get("lift_date").floatValue(), 1e-5, "the parts add up to the lift: " + out);
        assertFalse(x.get("kept_by_speaker").asBoolean(), "it shares the query's words: kept on its own evidence: " + out);
        assertTrue(Output.mapper().readTree(out).get("data").get("floor").get("by_speaker").isArray(), out);
        assertEquals(0, run("--repo", "repo", "search", "what did the assistant say about the phoenix server", "--kind", "recall", "--explain"), err);
        assertTrue(out.contains("   lifted: +"), out);
        assertTrue(out.contains("the speaker the query names +0.300"), out);
    }

    @Test
    void aWrongWindowVectorsSettingIsOneClearLine() throws Exception {
        Path yaml = dir.resolve("repo/ctx.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("window_vectors: derived", "window_vectors: both"));
        personCommits("typo");
        assertEquals(ExitCode.REFUSED.code(), run("--repo", "repo", "search", "tomatoes"));
        assertEquals("ctx: ctx.yaml search.window_vectors is 'both'; use derived, embedded or off", err.strip());
    }

    @Test
    void searchPrintsHitsAndTheBm25NoteOnStderr() throws Exception {
        bm25Only();
        assertEquals(0, run("--repo", "repo", "search", "maven", "offline", "--explain"), err);
        assertTrue(out.startsWith("1. notes/build.md › Maven"), out);
        assertTrue(out.contains("bm25 #1"), out);
        assertTrue(err.contains("BM25 only"), err);
    }

    @Test
    void jsonOutputIsVersionedAndCarriesExplain() throws Exception {
        bm25Only();
        assertEquals(0, run("--repo", "repo", "--json", "search", "tomatoes", "--explain", "-k", "1"), err);
        JsonNode root = Output.mapper().readTree(out);
        assertEquals(1, root.get("schema_version").asInt());
        JsonNode data = root.get("data");
        assertEquals("bm25", data.get("mode").asText());
        assertFalse(data.get("behind").asBoolean());
        assertEquals(1, data.get("hits").size());
        JsonNode hit = data.get("hits").get(0);
        assertEquals("notes/garden.md", hit.get("path").asText());
        assertEquals("Tomatoes", hit.get("heading").asText());
        assertEquals("on-demand", hit.get("tier").asText());
        assertEquals(1, hit.get("explain").get("bm25_rank").asInt());
        assertTrue(hit.get("explain").get("vector_rank").isNull());
    }

    @Test
    void filtersAndIndexStatus() throws Exception {
        bm25Only();
        assertEquals(0, run("--repo", "repo", "--json", "search", "tomatoes", "--path", "notes/build"), err);
        assertEquals(0, Output.mapper().readTree(out).get("data").get("hits").size());
        assertEquals(0, run("--repo", "repo", "--json", "search", "tomatoes", "--kind", "archive,recall"), err);
        assertEquals(0, Output.mapper().readTree(out).get("data").get("hits").size());
        assertEquals(0, run("--repo", "repo", "--json", "search", "tomatoes", "--since", "30d"), err);
        assertEquals(1, Output.mapper().readTree(out).get("data").get("hits").size());

        assertEquals(0, run("--repo", "repo", "--json", "index", "status"), err);
        JsonNode s = Output.mapper().readTree(out).get("data");
        assertEquals("none", s.get("model").asText());
        assertFalse(s.get("behind").asBoolean());
        assertTrue(s.get("chunks").asInt() >= 3);
        assertEquals(0, run("--repo", "repo", "index", "rebuild"), err);
        assertTrue(out.startsWith("rebuilt at "), out);
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        bm25Only();
        assertEquals(2, run("--repo", "repo", "search", "x", "--mode", "fuzzy"));
        assertTrue(err.contains("unknown search mode"), err);
        assertEquals(2, run("--repo", "repo", "search", "x", "--since", "last tuesday"));
        assertEquals(2, run("--repo", "repo", "search", "x", "--kind", "other"));
        assertEquals(4, run("--repo", "repo", "search", "x", "--mode", "vector"));
        assertTrue(err.contains("--mode bm25"), err);
    }

    @Test
    void aQueryAboutNothingStoredAnswersNoHitsAndHitsCarryTheirEvidence() throws Exception {
        assertEquals(0, run("--repo", "repo", "search", "xyzzyplugh"), err);
        assertEquals("(no hits)\n", out);
        assertEquals(0, run("--repo", "repo", "--json", "search", "xyzzyplugh"), err);
        assertEquals(0, Output.mapper().readTree(out).get("data").get("hits").size(), out);
        Path yaml = dir.resolve("repo/ctx.yaml");
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("min_similarity: 0.78", "min_similarity: -1")
                .replace("noise_margin: 0.05", "noise_margin: off"));
        personCommits("no similarity floor");
        assertEquals(0, run("--repo", "repo", "--json", "search", "xyzzyplugh"), err);
        assertTrue(Output.mapper().readTree(out).get("data").get("hits").size() > 0, "without the floor, noise comes back: " + out);
        java.nio.file.Files.writeString(yaml, java.nio.file.Files.readString(yaml).replace("min_similarity: -1", "min_similarity: 0.78")
                .replace("noise_margin: off", "noise_margin: 0.05"));
        personCommits("the floor back");

        assertEquals(0, run("--repo", "repo", "--json", "search", "water the tomatoes", "-k", "1"), err);
        JsonNode hit = Output.mapper().readTree(out).get("data").get("hits").get(0);
        assertEquals("notes/garden.md", hit.get("path").asText());
        assertTrue(hit.get("similarity").asDouble() > 0.79 && hit.get("bm25").asDouble() > 0, hit.toString());
        assertFalse(hit.has("explain"), "the ranks and normalised scores stay behind --explain");
        assertEquals(0, run("--repo", "repo", "search", "water the tomatoes", "-k", "1"), err);
        assertTrue(out.matches("(?s)1\\. notes/garden.md › Tomatoes  \\(similarity 0\\.\\d\\d, bm25 \\d+\\.\\d\\).*"), out);
    }

    @Test
    void aCommonWordSharedWithTheQueryIsNotEvidence() throws Exception {
        assertEquals(0, run("--repo", "repo", "write", "notes/errands", "--description", "Errands",
                "--body", "# Shop\nRun to the shop for bread before noon.\n"), err);
        assertEquals(0, run("--repo", "repo", "--json", "search", "how do we run integration tests", "--explain"), err);
        JsonNode data = Output.mapper().readTree(out).get("data");
        double needed = data.get("floor").get("similarity_needed").asDouble();
        for (JsonNode h : data.get("hits")) {
            assertTrue(h.get("similarity").asDouble() >= needed || h.get("word_share").asDouble() >= 0.3, h.toString());
            assertFalse(h.get("path").asText().equals("notes/errands.md") && h.get("similarity").asDouble() < needed,
                    "'run' alone does not make the errand a match: " + h);
        }
        assertEquals(0, run("--repo", "repo", "--json", "search", "run to the shop for bread"), err);
        JsonNode top = Output.mapper().readTree(out).get("data").get("hits").get(0);
        assertEquals("notes/errands.md", top.get("path").asText());
        assertEquals(1.0, top.get("word_share").asDouble(), 1e-6, top.toString());
    }

    @Test
    void nearDuplicatesCollapseAndPerFileLimitsOneFile() throws Exception {
        assertEquals(0, run("--repo", "repo", "write", "notes/build-copy", "--description", "Copy",
                "--body", "# Maven\nBuild offline with maven.\n"), err);
        assertEquals(0, run("--repo", "repo", "--json", "search", "build offline with maven", "--mode", "bm25"), err);
        JsonNode hits = Output.mapper().readTree(out).get("data").get("hits");
        long same = 0;
        for (JsonNode h : hits) {
            same += h.get("snippet").asText().equals("Build offline with maven.") ? 1 : 0;
        }
        assertEquals(1, same, "the copy of the same text is one hit: " + hits);

        assertEquals(0, run("--repo", "repo", "write", "notes/many", "--description", "Many",
                "--body", "# One\nMaven one.\n\n# Two\nMaven two.\n\n# Three\nMaven three.\n"), err);
        assertEquals(0, run("--repo", "repo", "--json", "search", "maven", "--mode", "bm25", "--per-file", "1"), err);
        hits = Output.mapper().readTree(out).get("data").get("hits");
        java.util.Set<String> paths = new java.util.HashSet<>();
        for (JsonNode h : hits) {
            assertTrue(paths.add(h.get("path").asText()), "one hit per file: " + hits);
        }
        assertTrue(paths.contains("notes/many.md"), hits.toString());
        assertEquals(2, run("--repo", "repo", "search", "maven", "--per-file", "-1"));
    }

    @Test
    void aSessionTitleIsShownOncePerFileAndShortened() {
        String title = "Fix the flaky upload test ".repeat(8).strip();
        String first = SearchCommand.heading(title + " > user", false);
        assertTrue(first.startsWith(" › Fix the flaky") && first.endsWith("… > user") && first.length() < 100, first);
        assertEquals(" › assistant", SearchCommand.heading(title + " > assistant", true));
        assertEquals("", SearchCommand.heading(title, true));
    }

    @Test
    void indexRebuildReportsTheChunksItEmbedsOnStderr() throws Exception {
        assertEquals(0, run("--repo", "repo", "index", "rebuild"), err);
        assertTrue(err.matches("(?s).*embedding: (\\d+)/\\1 done.*"), err);
        assertEquals(0, run("--repo", "repo", "--json", "index", "rebuild"), err);
        assertFalse(err.contains("embedding"), err);
    }
}
