package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the real model once for the class: the only test that pays the ~1 s load. */
class BuiltinEmbedderTest {
    @TempDir
    static Path cache;
    static BuiltinEmbedder model;

    @BeforeAll
    static void load() throws Exception {
        model = BuiltinEmbedder.load(cache.resolve("natives"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void vectorsHave384NormalisedDimensions() throws Exception {
        List<float[]> vs = model.embedPassages(List.of("The build uses Maven.", "", "x".repeat(10)));
        assertEquals(3, vs.size());
        for (float[] v : vs) {
            assertEquals(384, v.length);
            assertEquals(1.0, Vectors.dot(v, v), 1e-4);
        }
        assertEquals(384, model.embedQuery("how is it built").length);
    }

    @Test
    void ranksTheRelevantPassageFirst() throws Exception {
        float[] q = model.embedQuery("which database does the billing service use?");
        List<float[]> ps = model.embedPassages(List.of(
                "The cat sat on the windowsill and watched the birds in the garden.",
                "Billing stores invoices and payments in PostgreSQL 15, with nightly backups."));
        assertTrue(Vectors.dot(q, ps.get(1)) > Vectors.dot(q, ps.get(0)) + 0.05,
                "relevant " + Vectors.dot(q, ps.get(1)) + " vs irrelevant " + Vectors.dot(q, ps.get(0)));
    }

    @Test
    void batchingBarelyChangesVectors() throws Exception {
        // The int8 model quantizes activations per batch tensor, so batch neighbours and padding move a
        // vector slightly (cosine about 0.997); a query, always alone, is exactly reproducible.
        String a = "Deploys go through the staging cluster first.";
        String b = "word ".repeat(50);
        List<float[]> together = model.embedPassages(List.of(a, b));
        float[] alone = model.embedPassages(List.of(a)).get(0);
        assertTrue(Vectors.dot(together.get(0), alone) > 0.99);
        assertEquals(1.0, Vectors.dot(model.embedQuery(a), model.embedQuery(a)), 1e-6);
    }

    @Test
    void longTextIsEmbeddedInWindowsNotTruncated() throws Exception {
        String head = "The release checklist lives in docs/release.md. ".repeat(60);
        String tail = " Kubernetes pods are scheduled by the control plane. ".repeat(60);
        float[] whole = model.embedPassages(List.of(head + tail)).get(0);
        float[] headOnly = model.embedPassages(List.of(head)).get(0);
        assertTrue(Vectors.dot(whole, headOnly) < 0.99, "the tail changed the vector");
        assertTrue(Vectors.dot(whole, model.embedQuery("kubernetes scheduling")) > Vectors.dot(headOnly, model.embedQuery("kubernetes scheduling")));
    }

    @Test
    void tokenizerNativesStayInTheGivenCache() {
        // DJL's cache folder is process-wide and set by the first model load in this JVM (another test class
        // may have loaded it first, with its own cache): it must be a ctx cache, never ~/.djl.ai.
        Path djl = Path.of(System.getProperty("DJL_CACHE_DIR"));
        if (djl.equals(cache.resolve("natives").toAbsolutePath())) {
            assertTrue(java.nio.file.Files.isDirectory(djl.resolve("tokenizers")), "DJL extracted into the cache ctx gave it: " + djl);
        }
        assertTrue(!djl.startsWith(Path.of(System.getProperty("user.home"), ".djl.ai")), "never the user's ~/.djl.ai");
        assertTrue(BuiltinEmbedder.available());
    }
}
