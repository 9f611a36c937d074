package dev.ctx.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.index.Chunk;
import dev.ctx.index.HashingEmbedder;
import dev.ctx.index.WindowVectors;
import dev.ctx.model.Explanation;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class RescoringTest {
    /** One stored document per row: path, kind, heading, text, date (ISO or null). */
    private static List<Integer> order(String subject, List<Float> fused, String[]... docs) throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (String[] row : docs) {
                    Document d = new Document();
                    Rescoring.addEvidence(d, row[0], Rescoring.speaker(Kind.parse(row[1]), row[2], row[3]),
                            row[4] == null ? null : Instant.parse(row[4]));
                    w.addDocument(d);
                }
            }
            try (DirectoryReader r = DirectoryReader.open(dir)) {
                List<Fusion.Fused> in = new ArrayList<>();
                for (int i = 0; i < fused.size(); i++) {
                    float f = fused.get(i);
                    in.add(new Fusion.Fused(i, f, new Explanation(null, null, null, null, null, null, f)));
                }
                return Rescoring.rescore(r, subject, in, 10).stream().map(Fusion.Fused::doc).toList();
            }
        }
    }

    private static String[] turn(String path, String heading, String text, String date) {
        return new String[] {path, "recall", heading, text, date};
    }

    @Test
    void aTurnOfTheSpeakerTheQuestionNamesComesFirst() throws Exception {
        String d = "2023-05-08T13:00:00Z";
        assertEquals(List.of(1, 0), order(" Melanie   destress?", List.of(0.6f, 0.5f),
                turn("recall/a.md", "", "Caroline said, \"Running helps me destress.\"", d),
                turn("recall/b.md", "", "Melanie said, \"Pottery is like therapy for me.\"", d)));
        // The product's own recall headings name the speaker: "user · <time>".
        assertEquals(List.of(1, 0), order("which tools user picked", List.of(0.6f, 0.5f),
                turn("recall/a.md", "Session > assistant · 2026-03-02T14:05:00Z", "I would pick jq and fd.", d),
                turn("recall/b.md", "Session > user · 2026-03-02T14:06:00Z", "Let's go with ripgrep.", d)));
        assertEquals(List.of(0, 1), order("Pottery destress", List.of(0.6f, 0.5f),
                turn("recall/a.md", "", "Caroline said, \"Running helps me destress.\"", d),
                turn("recall/b.md", "", "Melanie said, \"Pottery is like therapy for me.\"", d)), "no speaker named: fused order");
    }

    @Test
    void theLiftIsKeptPartByPartBesideTheFusedScore() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (String text : List.of("Melanie said, \"Pottery is like therapy.\"", "Caroline said, \"I run.\"")) {
                    Document d = new Document();
                    Rescoring.addEvidence(d, "recall/a.md", Rescoring.speaker(Kind.RECALL, "", text), Instant.parse("2023-10-13T10:00:00Z"));
                    w.addDocument(d);
                }
            }
            try (DirectoryReader r = DirectoryReader.open(dir)) {
                List<Fusion.Fused> in = List.of(new Fusion.Fused(0, 0.5f, new Explanation(null, null, null, null, null, null, 0.5f)),
                        new Fusion.Fused(1, 0.5f, new Explanation(null, null, null, null, null, null, 0.5f)));
                List<Fusion.Fused> out = Rescoring.rescore(r, "Melanie destress October 13, 2023", in, 10);
                Explanation.Lift melanie = out.get(0).explain().lift();
                assertEquals(0, out.get(0).doc());
                assertEquals(0.3f * 0.5f / 1f, melanie.file(), 1e-6, "the file's other candidate, over the best file's total");
                assertEquals(Rescoring.SPEAKER_WEIGHT, melanie.speaker(), 1e-6);
                assertEquals(Rescoring.DATE_WEIGHT, melanie.date(), 1e-6);
                assertEquals(0.5f + melanie.total(), out.get(0).score(), 1e-6);
                assertEquals(0.5f, out.get(0).explain().fused(), 1e-6, "the fusion's own score is kept");
                assertTrue(out.get(0).explain().speakerNamed());
                assertEquals(0f, out.get(1).explain().lift().speaker(), 1e-6);
            }
        }
    }

    @Test
    void onlyRecallTurnsHaveASpeaker() {
        assertEquals("melanie", Rescoring.speaker(Kind.RECALL, "", "Melanie said, \"hi\""));
        assertEquals("jon smith", Rescoring.speaker(Kind.RECALL, "", "Jon Smith said, \"hi\""));
        assertEquals("user", Rescoring.speaker(Kind.RECALL, "Fix the build > user · 2026-03-02T14:05:00Z", "text"));
        assertNull(Rescoring.speaker(Kind.MEMORY, "Build", "Maven said, \"no\""));
        assertNull(Rescoring.speaker(Kind.RECALL, "", "the user said, \"hi\""), "a speaker's name opens the turn, capitalised");
    }

    @Test
    void aTurnInAFileFullOfCandidatesOutranksALoneMatchElsewhere() throws Exception {
        String d = "2023-05-08T13:00:00Z";
        List<Integer> o = order("pottery class", List.of(0.6f, 0.55f, 0.4f, 0.4f),
                turn("recall/lone.md", "", "A pottery class.", d),
                turn("recall/busy.md", "", "I signed up for a class.", d),
                turn("recall/busy.md", "", "Clay everywhere.", d),
                turn("recall/busy.md", "", "The teacher is great.", d));
        assertEquals(1, o.get(0), "0.55 + 0.3 x (0.8 / 1.75) beats 0.6 + 0");
        assertTrue(o.indexOf(0) > 0);
    }

    @Test
    void aChunkDatedInsideTheDateTheQuestionNamesIsLifted() throws Exception {
        assertEquals(List.of(1, 0), order("painting October 13, 2023", List.of(0.6f, 0.5f),
                turn("recall/a.md", "", "A painting of a lake.", "2023-08-01T10:00:00Z"),
                turn("recall/b.md", "", "A painting of a sunset.", "2023-10-13T10:00:00Z")));
        assertEquals(List.of(0, 1), order("painting of a lake", List.of(0.6f, 0.5f),
                turn("recall/a.md", "", "A painting of a lake.", "2023-08-01T10:00:00Z"),
                turn("recall/b.md", "", "A painting of a sunset.", "2023-10-13T10:00:00Z")), "no date named: fused order");
    }

    @Test
    void hybridSearchRunsTheSecondStageAndReportsItsScore() throws Exception {
        Instant d = Instant.parse("2023-05-08T13:00:00Z");
        try (LuceneChunkIndex idx = LuceneChunkIndex.inMemory(new HashingEmbedder(64), WindowVectors.DERIVED)) {
            String path = "recall/locomo/session_1.md";
            idx.putFiles(Map.of(path, List.of(
                    new Chunk("D1:1", path, Kind.RECALL, Tier.SEARCH_ONLY, "", List.of(), "Caroline said, \"I went running to destress.\"", d, 0),
                    new Chunk("D1:2", path, Kind.RECALL, Tier.SEARCH_ONLY, "", List.of(), "Melanie said, \"Pottery is my way to destress.\"", d, 0))));
            idx.commit();
            List<SearchHit> hits = idx.search(SearchRequest.of("What does Melanie do to destress?").withK(5), SearchMode.HYBRID);
            assertEquals("D1:2", hits.get(0).id());
            // Fusion alone tops out at 1; the speaker's lift (and the session's other turn) comes on top.
            assertTrue(hits.get(0).score() > 1.2f, "score " + hits.get(0).score());
            List<SearchHit> bm25 = idx.search(SearchRequest.of("What does Melanie do to destress?").withK(5), SearchMode.BM25);
            assertTrue(bm25.get(0).score() > 0);
        }
    }
}
