package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second builtin model the recall benchmark measures (bge-small-en-v1.5, from its Maven artifact, on the
 * test class path only): loaded by the same code as e5, with its own pooling and prefixes.
 */
class BuiltinModelTest {
    @TempDir
    static Path cache;
    static BuiltinEmbedder bge;

    @BeforeAll
    static void load() throws Exception {
        bge = BuiltinEmbedder.load(BuiltinModel.BGE_SMALL_EN_V15, cache.resolve("natives"), Map.of());
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void bgeLoadsFromItsArtifactUnderItsOwnId() throws Exception {
        assertTrue(BuiltinEmbedder.available(BuiltinModel.BGE_SMALL_EN_V15));
        assertEquals(BuiltinModel.BGE_SMALL_EN_V15.id(), bge.modelId());
        assertNotEquals(BuiltinEmbedder.MODEL_ID, bge.modelId(), "a cache keyed by model must never mix the two");
        float[] v = bge.embedPassages(List.of("The build uses Maven.")).get(0);
        assertEquals(384, v.length);
        assertEquals(1.0, Vectors.dot(v, v), 1e-4);
    }

    @Test
    void bgeRanksTheRelevantPassageFirst() throws Exception {
        float[] q = bge.embedQuery("which database does the billing service use?");
        List<float[]> ps = bge.embedPassages(List.of(
                "The cat sat on the windowsill and watched the birds in the garden.",
                "Billing stores invoices and payments in PostgreSQL 15, with nightly backups."));
        assertTrue(Vectors.dot(q, ps.get(1)) > Vectors.dot(q, ps.get(0)) + 0.05,
                "relevant " + Vectors.dot(q, ps.get(1)) + " vs irrelevant " + Vectors.dot(q, ps.get(0)));
    }

    @Test
    void poolingAndPrefixesFollowTheModel() throws Exception {
        String text = "Deploys go through the staging cluster first.";
        BuiltinModel plain = BuiltinModel.BGE_SMALL_EN_V15.withPrefixes("", "");
        BuiltinModel meanPooled = new BuiltinModel("test:bge-mean", plain.onnx(), plain.tokenizer(), false, "", "");
        try (BuiltinEmbedder noPrefix = BuiltinEmbedder.load(plain, cache.resolve("natives"), Map.of());
                BuiltinEmbedder mean = BuiltinEmbedder.load(meanPooled, cache.resolve("natives"), Map.of())) {
            // No prefixes: a query is the passage itself. With bge's instruction it is not.
            assertEquals(1.0, Vectors.dot(noPrefix.embedQuery(text), noPrefix.embedPassages(List.of(text)).get(0)), 1e-5);
            assertTrue(Vectors.dot(bge.embedQuery(text), bge.embedPassages(List.of(text)).get(0)) < 0.99);
            // CLS pooling reads the first token's state: not the mean over all of them.
            assertTrue(Vectors.dot(noPrefix.embedQuery(text), mean.embedQuery(text)) < 0.99);
        }
    }

    @Test
    void aModelNeedsItsResources() {
        BuiltinModel missing = new BuiltinModel("test:missing", "no-such.onnx", "no-such-tokenizer.json", false, "", "");
        assertTrue(!BuiltinEmbedder.available(missing));
        assertThrows(dev.ctx.model.CtxException.class, () -> BuiltinEmbedder.load(missing, cache.resolve("natives"), Map.of()));
    }
}
