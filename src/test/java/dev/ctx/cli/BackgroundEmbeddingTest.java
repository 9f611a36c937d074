package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.index.embed.BackgroundEmbedding;
import dev.ctx.support.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search leaves new text's vectors to a detached process and answers at once; that process (real, with
 * the builtin model) embeds them and exits. Nothing is lost when it never runs.
 */
class BackgroundEmbeddingTest {
    @TempDir
    Path tmp;

    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        t.env.remove("CTX_EMBED_BACKGROUND"); // what users get
        repo = t.init();
        ok(t.ctx("--repo", repo.toString(), "write", "notes/garden.md", "--description", "Garden",
                "--body", "# Tomatoes\nWater the tomatoes early in the morning, before the heat.\n"));
        ok(t.ctx("--repo", repo.toString(), "write", "notes/build.md", "--description", "Build",
                "--body", "# Maven\nBuild offline with maven; never download during a build.\n"));
    }

    private static TestRepo.Run ok(TestRepo.Run r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "--repo";
        all[1] = repo.toString();
        all[2] = "--json";
        System.arraycopy(args, 0, all, 3, args.length);
        return Output.mapper().readTree(ok(t.ctx(all)).out()).get("data");
    }

    @Test
    void aSearchAnswersAtOnceAndADetachedProcessEmbedsWhatIsNew() throws Exception {
        JsonNode first = json("search", "watering tomatoes");
        assertTrue(first.get("pending_chunks").asInt() >= 2, first.toString());
        assertEquals("notes/garden.md", first.get("hits").get(0).get("path").asText(), "BM25 answers meanwhile");

        JsonNode status = json("index", "status");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (status.get("pending_chunks").asInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = json("index", "status");
        }
        awaitEmbedderExit(repo.resolve(".git/ctx"));
        Path log = repo.resolve(".git/ctx/index-fill.log");
        String logText = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        assertEquals(0, status.get("pending_chunks").asInt(), "the background embedder finished: " + logText);
        assertTrue(logText.contains("pending chunks embedded"), logText);

        // (a paraphrase with no shared word, "irrigating the vegetable patch at dawn", is below its noise floor:
        // docs/search.md, "The floor"; the vector list's ranking is what this checks)
        JsonNode vector = json("search", "watering tomatoes", "--mode", "vector", "-k", "1", "--explain");
        assertEquals("notes/garden.md", vector.get("hits").get(0).get("path").asText(), "the vectors are the model's");
        assertEquals(1, vector.get("hits").get(0).get("explain").get("vector_rank").asInt(), vector.toString());
        assertEquals(0, vector.get("pending_chunks").asInt());
    }

    /** The detached process holds its lock until it exits: wait, so the temp folder is not deleted under it. */
    private static void awaitEmbedderExit(Path ctxDir) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (BackgroundEmbedding.Claim c = BackgroundEmbedding.claim(ctxDir)) {
                if (c != null) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the background embedder did not exit");
    }

    @Test
    void noSecondEmbedderStartsWhileOneRunsAndNothingIsLostWithout() throws Exception {
        Path ctxDir = repo.resolve(".git/ctx");
        try (BackgroundEmbedding.Claim running = BackgroundEmbedding.claim(ctxDir)) {
            assertTrue(running != null);
            assertFalse(BackgroundEmbedding.start(repo, ctxDir, t.env, SelfLaunch.helpers().indexFiller()), "one is running: none is started");
            JsonNode r = json("search", "maven offline");
            int pending = r.get("pending_chunks").asInt();
            assertTrue(pending >= 2, r.toString());
            Thread.sleep(500);
            assertEquals(pending, json("index", "status").get("pending_chunks").asInt(), "nobody embedded them");
        }
        // The explicit update embeds everything, as the background process would have.
        JsonNode u = json("index", "update");
        assertTrue(u.get("chunks_embedded").asInt() >= 2, u.toString());
        assertEquals(0, json("index", "status").get("pending_chunks").asInt());
        assertFalse(Files.exists(ctxDir.resolve("index-fill.log")), "no process was started");
    }
}
