package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.app.Resident;
import dev.ctx.app.WarmWorkspace;
import dev.ctx.support.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search says when nothing matches: on a new repository (ctx init's persona and human blocks) the off-topic
 * queries of {@code search/off-topic-queries.txt} answer "(no hits)" through the real {@code ctx search}, while
 * a paraphrase that shares no word with what it finds is still found by its similarity.
 */
class OffTopicSearchTest {
    @TempDir
    Path tmp;
    TestRepo t;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        t.ok("init", "repo");
    }

    static List<String> offTopic() throws Exception {
        try (InputStream in = Objects.requireNonNull(OffTopicSearchTest.class.getResourceAsStream("/search/off-topic-queries.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** {@code ctx args...} as the resident server runs it: the same command, one warm Ctx and model for all. */
    static TestRepo.Run warm(TestRepo t, WarmWorkspace ws, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env e = new Env(t.dir, t.env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), t.clock).withWorkspace(ws, Resident.none());
        int code = new Cli(e).run(args);
        return new TestRepo.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyOffTopicQueryAnswersNoHitsOnANewRepository() throws Exception {
        List<String> queries = offTopic();
        assertTrue(queries.size() >= 20, "an honest set is at least 20 queries: " + queries.size());
        List<String> answered = new ArrayList<>();
        try (WarmWorkspace ws = new WarmWorkspace()) {
            for (String q : queries) {
                TestRepo.Run r = warm(t, ws, "--repo", "repo", "search", q);
                assertEquals(0, r.exit(), r.toString());
                if (!r.out().equals("(no hits)\n")) {
                    answered.add(q + " -> " + r.out().lines().findFirst().orElse(""));
                }
            }
        }
        assertEquals(List.of(), answered, "off-topic queries that found something");

        // The hubness correction does not let the persona block back in: its own text is close to every question.
        TestRepo.Run json = t.ok("--repo", "repo", "--json", "search", "why did we switch from webpack to vite", "--explain");
        JsonNode floor = Output.mapper().readTree(json.out()).get("data").get("floor");
        double hub = floor.get("text_noise").get("system/persona.md#0").asDouble();
        assertTrue(hub > floor.get("noise_level").asDouble(), "a hub: closer to neutral questions than this query is to its references " + floor);
        assertEquals(0.045, floor.get("hub_margin").asDouble(), 1e-6);

        // The noise test is what drops them: with it off, the fixed similarity floor keeps the persona block.
        Path yaml = t.dir.resolve("repo/ctx.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("noise_margin: 0.05", "noise_margin: off"));
        t.git(t.dir.resolve("repo"), "commit", "-qam", "no noise test");
        TestRepo.Run r = t.ok("--repo", "repo", "search", "how do we run integration tests");
        assertTrue(r.out().startsWith("1. system/persona.md"), r.out());
    }

    @Test
    void aParaphraseSharingNoWordIsFoundAndJsonCarriesTheFloor() throws Exception {
        // "what do you know about me" shares no word with system/human.md ("Nothing known yet. Record the person's
        // preferences and working style here ..."), and is what that block is for.
        String query = "what do you know about me";
        TestRepo.Run r = t.ok("--repo", "repo", "--json", "search", query);
        JsonNode data = Output.mapper().readTree(r.out()).get("data");
        JsonNode floor = data.get("floor");
        assertNotNull(floor, r.out());
        double level = floor.get("noise_level").asDouble();
        assertEquals(0.05, floor.get("noise_margin").asDouble(), 1e-6);
        assertEquals(Math.max(floor.get("min_similarity").asDouble(), level + 0.05), floor.get("similarity_needed").asDouble(), 1e-6);
        List<String> paths = new ArrayList<>();
        for (JsonNode h : data.get("hits")) {
            paths.add(h.get("path").asText());
            // (BM25 may find the block's description, "What the agent knows about the person"; its own text shares nothing)
            assertEquals(0.0, h.get("word_share").asDouble(), "kept by its similarity alone: " + h);
            assertTrue(h.get("similarity").asDouble() >= floor.get("similarity_needed").asDouble(), h + " " + floor);
        }
        assertTrue(paths.contains("system/human.md"), r.out());

        TestRepo.Run text = t.ok("--repo", "repo", "search", query, "--explain");
        assertTrue(text.out().startsWith("floor: word share >= 0.30, or similarity >= "), text.out());
        assertTrue(text.out().contains("this query's noise level"), text.out());
    }
}
