package dev.ctx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.index.Chunk;
import dev.ctx.index.Embedder;
import dev.ctx.index.HubNoise;
import dev.ctx.index.QueryNoise;
import dev.ctx.index.Results;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.lucene.LuceneChunkIndex;
import dev.ctx.model.Explanation;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchRequest;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw material for the second stage and the floor: every candidate of each LoCoMo question's hybrid search as
 * {@code ctx search -k 10} asks for it (the lists 50 deep), ranked by the second stage but not cut and before any
 * floor, with each hit's fused score, its lift part by part, its similarity, word share and text noise level, and
 * the query's noise level, one JSON object a line. A replay of the second stage and the floor over it gives
 * {@code make bench-recall}'s figures exactly, so other weights and rules can be compared offline on the same
 * candidates (how the floor's speaker rule was chosen: docs/search.md). Usage: {@code CandidateDump LOCOMO.json OUT.jsonl}.
 */
public final class CandidateDump {
    private CandidateDump() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Embedder embedder = BenchEmbedder.real();
        QueryNoise noise = QueryNoise.of(embedder);
        HubNoise hubs = HubNoise.of(embedder);
        JsonNode samples = json.readTree(Path.of(args[0]).toFile());
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            for (int c = 0; c < samples.size(); c++) {
                JsonNode sample = samples.get(c);
                Map<String, List<Chunk>> sessions = LocomoBench.sessions(sample.get("conversation"));
                try (LuceneChunkIndex index = LuceneChunkIndex.inMemory(embedder, WindowVectors.DERIVED)) {
                    index.putFiles(sessions);
                    index.commit();
                    for (LocomoBench.Question q : LocomoBench.questions(sample)) {
                        List<SearchHit> cands = index.candidates(SearchRequest.of(q.text()).withK(Results.depth(10, 0)));
                        Map<String, float[]> vectors = index.vectors(cands.stream().map(SearchHit::id).toList());
                        List<Map<String, Object>> cs = new ArrayList<>();
                        for (SearchHit h : cands) {
                            Explanation e = h.explain();
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", h.id());
                            m.put("path", h.path());
                            m.put("score", h.score());
                            m.put("fused", e.fused());
                            m.put("lift_file", e.lift().file());
                            m.put("lift_speaker", e.lift().speaker());
                            m.put("lift_date", e.lift().date());
                            m.put("bm25_norm", e.bm25Norm());
                            m.put("bm25", e.bm25Score());
                            m.put("vector_norm", e.denseNorm());
                            m.put("sim", e.denseScore());
                            m.put("words", e.words());
                            float[] v = vectors.get(h.id());
                            m.put("text_noise", v == null ? null : hubs.level(v));
                            cs.add(m);
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("conv", c);
                        m.put("q", q.text());
                        m.put("cat", q.category());
                        m.put("gold", q.gold());
                        m.put("noise_level", noise.level(embedder.embedQuery(q.text())));
                        m.put("candidates", cs);
                        out.write(json.writeValueAsString(m));
                        out.newLine();
                    }
                }
                System.err.println("conversation " + c + " done");
            }
        }
        embedder.close();
    }
}
