package dev.ctx.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.embed.BuiltinEmbedder;
import dev.ctx.index.embed.Embedders;
import dev.ctx.model.CtxException;
import dev.ctx.model.Explanation;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.Tier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubNoiseTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedVectorsAreWhatTheBuiltinModelGivesForTheseQuestionsAsQueries() throws CtxException {
        List<String> questions = HubNoise.questions();
        assertTrue(questions.size() >= 30, "a few dozen questions: " + questions.size());
        List<float[]> shipped = QueryNoise.shipped(HubNoise.VECTORS, BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, questions);
        assertNotNull(shipped, "hub-questions.vectors is stale: run dev.ctx.bench.NoiseVectors (HubNoise's javadoc)");
        try (Embedder model = Embedders.fromConfig(CtxConfig.defaults(), tmp, Map.of("HOME", tmp.toString(), "CTX_EMBED_WARM", "0"))
                .orElseThrow()) {
            for (int i = 0; i < questions.size(); i++) {
                float[] now = model.embedQuery(questions.get(i));
                assertTrue(QueryNoise.dot(shipped.get(i), now) > 0.999, questions.get(i));
            }
        }
        List<String> edited = new ArrayList<>(questions);
        edited.set(0, "another question");
        assertNull(QueryNoise.shipped(HubNoise.VECTORS, BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, edited));
    }

    @Test
    void anotherModelEmbedsTheQuestionsAsQueriesAndTheLevelIsTheMeanSimilarity() throws CtxException {
        List<String> asked = new ArrayList<>();
        QueryNoiseTest.Counting model = new QueryNoiseTest.Counting() {
            @Override
            public float[] embedQuery(String text) {
                asked.add(text);
                return super.embedQuery(text);
            }
        };
        HubNoise hubs = HubNoise.of(model);
        assertEquals(HubNoise.questions(), asked, "as queries, not passages");
        assertTrue(model.passages.isEmpty());
        assertEquals(1f, hubs.level(new float[] {1f, 0f, 0f}), 1e-6);

        HubNoise two = new HubNoise(List.of(new float[] {1f, 0f}, new float[] {0f, 1f}));
        assertEquals(0.7f, two.level(new float[] {0.6f, 0.8f}), 1e-6);
    }

    @Test
    void onlyHitsStandingOnTheirSimilarityUnderTheQuerysNoiseTestHaveTheirVectorsRead() throws CtxException {
        HubNoise two = new HubNoise(List.of(new float[] {1f, 0f}, new float[] {0f, 1f}));
        SearchFloor floor = SearchFloor.defaults();
        List<SearchHit> hits = List.of(hit("words", 1, 0.80f, 0.9f), hit("clears", null, 0.90f, 0f),
                hit("between", null, 0.81f, 0f), hit("under", null, 0.70f, 0f));
        List<List<String>> read = new ArrayList<>();
        Map<String, Float> levels = two.levels(hits, floor, 0.80f, ids -> {
            read.add(List.copyOf(ids));
            return Map.of("between", new float[] {0.6f, 0.8f});
        });
        assertEquals(List.of(List.of("between")), read, "the others are judged without it");
        assertEquals(java.util.Set.of("between"), levels.keySet());
        assertEquals(0.7f, levels.get("between"), 1e-6);
        assertEquals(Map.of(), two.levels(hits, new SearchFloor(0.78f, 0.3f, 0.05f), 0.80f, ids -> {
            throw new AssertionError("the correction is off");
        }));
    }

    static SearchHit hit(String id, Integer bm25Rank, Float similarity, Float words) {
        return new SearchHit(id, "notes/a.md", "", 1, Kind.MEMORY, Tier.ON_DEMAND, null, "", "text", 1f,
                new Explanation(bm25Rank, bm25Rank == null ? null : 2f, null, 1, similarity, 1f, 1f, words));
    }
}
