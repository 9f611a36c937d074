package dev.ctx.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.embed.BuiltinEmbedder;
import dev.ctx.index.embed.Embedders;
import dev.ctx.model.CtxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryNoiseTest {
    @TempDir
    Path tmp;

    /** Gives every text the same unit vector along its first axis, and counts what it was asked. */
    static class Counting implements Embedder {
        final List<String> passages = new ArrayList<>();

        @Override
        public String modelId() {
            return "test:axis";
        }

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            passages.addAll(texts);
            return texts.stream().map(t -> new float[] {1f, 0f, 0f}).toList();
        }

        @Override
        public float[] embedQuery(String text) {
            return new float[] {1f, 0f, 0f};
        }
    }

    @Test
    void theShippedVectorsAreWhatTheBuiltinModelGivesForTheseVeryPassages() throws CtxException {
        List<String> passages = QueryNoise.passages();
        assertTrue(passages.size() >= 40, "a few dozen references: " + passages.size());
        List<float[]> shipped = QueryNoise.shipped(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, passages);
        assertNotNull(shipped, "noise-references.vectors is stale: run dev.ctx.bench.NoiseVectors (QueryNoise's javadoc)");
        try (Embedder model = Embedders.fromConfig(CtxConfig.defaults(), tmp, Map.of("HOME", tmp.toString(), "CTX_EMBED_WARM", "0"))
                .orElseThrow()) {
            List<float[]> now = model.embedPassages(passages);
            for (int i = 0; i < passages.size(); i++) {
                double dot = 0;
                for (int d = 0; d < BuiltinEmbedder.DIMENSIONS; d++) {
                    dot += shipped.get(i)[d] * now.get(i)[d];
                }
                assertTrue(dot > 0.999, passages.get(i) + ": " + dot);
            }
        }
        List<String> edited = new ArrayList<>(passages);
        edited.set(0, "Another passage.");
        assertNull(QueryNoise.shipped(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, edited), "vectors of other text are not used");
    }

    @Test
    void anotherModelEmbedsTheReferencesItselfAndTheLevelIsTheHighestSimilarity() throws CtxException {
        Counting model = new Counting();
        QueryNoise noise = QueryNoise.of(model);
        assertEquals(QueryNoise.passages(), model.passages, "not the builtin model: its own vectors of the same passages");
        assertEquals(1f, noise.level(new float[] {1f, 0f, 0f}), 1e-6);
        assertEquals(0f, noise.level(new float[] {0f, 1f, 0f}), 1e-6);

        QueryNoise two = new QueryNoise(List.of(new float[] {1f, 0f}, new float[] {0f, 1f}));
        float[] q = {0.6f, 0.8f};
        assertEquals(0.8f, two.level(q), 1e-6);
        assertEquals(0.6f, two.similarities(q)[0], 1e-6);
    }
}
