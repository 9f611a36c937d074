package dev.ctx.index.lucene;

import static dev.ctx.index.TestRepo.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.index.HashingEmbedder;
import dev.ctx.index.TestRepo;
import dev.ctx.index.WindowVectors;
import dev.ctx.model.CtxException;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.Kind;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.UpdateStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchIndexTest {
    @TempDir
    Path dir;

    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepo(dir);
        repo.commit(
                "ctx.yaml", "format: 1\n",
                "system/build.md", memory("Build conventions", "# Maven\nBuild with maven offline, never download.\n\n# Release\nTag the commit and push the tag.\n"),
                "notes/cooking.md", memory("Kitchen notes", "# Pasta\nBoil water with salt before the pasta goes in.\n"),
                "notes/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes in the morning.\n"),
                "archive/old.md", memory("Retired", "# Ant\nWe used ant to build long ago.\n"),
                "skills/deploy/SKILL.md", "---\nname: deploy\ndescription: Deploy the service\n---\n# Steps\nRun the deploy script after the build.\n",
                "recall/2026/s1.md", "# s1\n## 2026-03-02T10:00:00Z user\nThe build broke on the release branch.\n## 2026-03-02T10:01:00Z assistant\nI fixed the maven build.\n");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    private LuceneSearchIndex open(HashingEmbedder e) throws CtxException {
        return LuceneSearchIndex.open(repo.git(), e, LuceneSearchIndex.Options.defaults());
    }

    private static List<String> paths(SearchResult r) {
        return r.hits().stream().map(SearchHit::path).toList();
    }

    @Test
    void firstSearchBuildsThenUpdatesTouchOnlyChangedFiles() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            SearchResult r = idx.search(SearchRequest.of("maven build"));
            assertEquals(SearchMode.BM25, r.mode());
            assertEquals("system/build.md", r.hits().get(0).path());
            IndexStatus s = idx.status();
            assertTrue(s.lastUpdate().rebuilt());
            assertEquals(6, s.lastUpdate().filesIndexed());
            assertEquals(6, s.files());
            assertFalse(s.behind());

            repo.commit("notes/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes at dusk.\n"));
            assertTrue(idx.status().behind());
            idx.search(SearchRequest.of("tomatoes"));
            UpdateStats u = idx.status().lastUpdate();
            assertFalse(u.rebuilt());
            assertEquals(1, u.filesIndexed());
            assertEquals(0, u.filesRemoved());
            assertEquals(1, u.chunksWritten());
            assertEquals(6, idx.status().files());

            UpdateStats none = idx.update();
            assertFalse(none.changed(), "nothing to do when the index is at the tip");
        }
    }

    @Test
    void deletedAndRenamedFilesDisappearFromResults() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            assertEquals(List.of("notes/cooking.md"), paths(idx.search(SearchRequest.of("pasta salt"))));
            repo.commit("notes/cooking.md", null, "notes/kitchen/pasta.md", memory("Kitchen notes", "# Pasta\nBoil water with salt before the pasta goes in.\n"));
            assertEquals(List.of("notes/kitchen/pasta.md"), paths(idx.search(SearchRequest.of("pasta salt"))));
            repo.commit("notes/kitchen/pasta.md", null);
            assertEquals(List.of(), paths(idx.search(SearchRequest.of("pasta salt"))));
            UpdateStats u = idx.status().lastUpdate();
            assertEquals(1, u.filesRemoved());
            assertEquals(0, u.filesIndexed());
        }
    }

    @Test
    void unchangedTextIsNeverEmbeddedAgain() throws Exception {
        HashingEmbedder e = new HashingEmbedder(64);
        try (LuceneSearchIndex idx = open(e)) {
            idx.update();
            int first = e.passages();
            assertEquals(first, idx.status().lastUpdate().chunksEmbedded());
            assertTrue(first > 0);

            // A pure rename: every text is known, nothing is embedded.
            repo.commit("notes/garden.md", null, "notes/outdoor/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes in the morning.\n"));
            assertEquals(0, idx.update().chunksEmbedded());
            assertEquals(first, e.passages());

            // One section of three changes: only its own text is embedded (the windows are derived).
            repo.commit("notes/three.md", memory("Three", "# A\nalpha\n# B\nbravo\n# C\ncharlie\n"));
            idx.update();
            int before = e.passages();
            repo.commit("notes/three.md", memory("Three", "# A\nalpha\n# B\nbeta\n# C\ncharlie\n"));
            UpdateStats u = idx.update();
            assertEquals(1, e.passages() - before);
            assertEquals(1, u.chunksEmbedded());
            assertEquals(3, u.chunksWritten());
        }
    }

    @Test
    void embeddedWindowsEmbedTheChangedSectionAndTheWindowsAroundIt() throws Exception {
        HashingEmbedder e = new HashingEmbedder(64);
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), e,
                LuceneSearchIndex.Options.defaults().withWindowVectors(WindowVectors.EMBEDDED))) {
            repo.commit("notes/three.md", memory("Three", "# A\nalpha\n# B\nbravo\n# C\ncharlie\n"));
            idx.update();
            int before = e.passages();
            repo.commit("notes/three.md", memory("Three", "# A\nalpha\n# B\nbeta\n# C\ncharlie\n"));
            UpdateStats u = idx.update();
            // Its own text, and the windows of it and its two neighbours (each window holds the changed text).
            assertEquals(4, e.passages() - before);
            assertEquals(4, u.chunksEmbedded());
            assertEquals("test-hashing-64+window", idx.status().modelId());
        }
    }

    @Test
    void aWindowVectorFindsAnAnswerByTheQuestionBeforeIt() throws Exception {
        // The reply shares no word with the query; only its window (the question before it) does.
        repo.commit("recall/2026/s2.md", "# s2\n## 2026-03-03T10:00:00Z user\nShould the job queue run on postgres or on redis?\n"
                + "## 2026-03-03T10:01:00Z assistant\nYes, go with that one, it is simpler to operate.\n"
                + "## 2026-03-03T10:02:00Z user\nThanks. Unrelated: lunch at noon.\n");
        SearchRequest q = SearchRequest.of("job queue on postgres or redis").withMode(SearchMode.VECTOR).withKinds(Set.of(Kind.RECALL));
        java.util.Map<WindowVectors, float[]> scores = new java.util.EnumMap<>(WindowVectors.class);
        for (WindowVectors w : WindowVectors.values()) {
            try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), new HashingEmbedder(1024),
                    LuceneSearchIndex.Options.defaults().withWindowVectors(w))) {
                idx.rebuild();
                List<SearchHit> hits = idx.search(q).hits();
                scores.put(w, new float[] {score(hits, "simpler to operate"), score(hits, "lunch")});
            }
        }
        float alone = scores.get(WindowVectors.OFF)[0];
        for (WindowVectors w : List.of(WindowVectors.DERIVED, WindowVectors.EMBEDDED)) {
            float reply = scores.get(w)[0];
            float lunch = scores.get(w)[1];
            assertTrue(reply > 1.5f * alone, w + ": its window lifts the reply (" + reply + ") well above its own text (" + alone + ")");
            assertTrue(reply > lunch + 0.02, w + ": the reply, right after the question, scores above a turn two away: " + reply + " vs " + lunch);
        }
    }

    @Test
    void aVectorScoreIsTheMeanOfTheCosinesOfTheChunkAndOfItsWindow() throws Exception {
        String text = "# s2\n## 2026-03-03T10:00:00Z user\nShould the job queue run on postgres or on redis?\n"
                + "## 2026-03-03T10:01:00Z assistant\nYes, go with that one, it is simpler to operate.\n"
                + "## 2026-03-03T10:02:00Z user\nThanks. Unrelated: lunch at noon.\n";
        repo.commit("recall/2026/s2.md", text);
        HashingEmbedder e = new HashingEmbedder(1024);
        List<dev.ctx.index.Chunk> chunks = new dev.ctx.index.FileChunker(LuceneSearchIndex.Options.defaults().maxChunkChars())
                .chunks(dev.ctx.model.RepoPath.of("recall/2026/s2.md"), text, null);
        int reply = java.util.stream.IntStream.range(0, chunks.size()).filter(i -> chunks.get(i).text().contains("simpler")).findFirst().orElseThrow();
        List<float[]> own = e.embedPassages(chunks.stream().map(ChunkText::passage).toList());
        float[] query = e.embedQuery("job queue on postgres or redis");
        // The window as ctx derives it: the chunk's vector plus half of each neighbour's, normalised.
        float[] window = own.get(reply).clone();
        for (int j : new int[] {reply - 1, reply + 1}) {
            for (int d = 0; j >= 0 && j < own.size() && d < window.length; d++) {
                window[d] += 0.5f * own.get(j)[d];
            }
        }
        double norm = Math.sqrt(dot(window, window));
        for (int d = 0; d < window.length; d++) {
            window[d] /= (float) norm;
        }
        float expected = (dot(query, own.get(reply)) + dot(query, window)) / 2;
        SearchRequest q = SearchRequest.of("job queue on postgres or redis").withMode(SearchMode.VECTOR).withKinds(Set.of(Kind.RECALL));
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), e, LuceneSearchIndex.Options.defaults())) {
            idx.rebuild();
            assertEquals(expected, score(idx.search(q).hits(), "simpler to operate"), 1e-5, "one HNSW search gives the exact mean of the two cosines");
        }
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), e, LuceneSearchIndex.Options.defaults().withWindowVectors(WindowVectors.OFF))) {
            idx.rebuild();
            assertEquals(dot(query, own.get(reply)), score(idx.search(q).hits(), "simpler to operate"), 1e-5, "without windows, the chunk's own cosine");
        }
    }

    @Test
    void aRebuildEmbedsEveryChunkAndLeavesNothingPending() throws Exception {
        HashingEmbedder e = new HashingEmbedder(256);
        try (LuceneSearchIndex idx = open(e)) {
            UpdateStats u = idx.rebuild();
            assertTrue(u.rebuilt());
            assertEquals(0, idx.status().pendingChunks());
            // The text went in first, pending; the fill then embedded every chunk.
            assertEquals(idx.status().chunks(), u.chunksEmbedded(), u.toString());
            assertEquals(idx.status().chunks(), e.passages());
            SearchResult r = idx.search(SearchRequest.of("tomatoes watering").withMode(SearchMode.VECTOR));
            assertEquals("notes/garden.md", r.hits().get(0).path(), paths(r).toString());
            // Rebuilt again: the text is the same, so its vectors come from the last commit, none from the model.
            assertEquals(0, idx.rebuild().chunksEmbedded());
            assertEquals(idx.status().chunks(), e.passages());
        }
    }

    @Test
    void buildingANewSchemaDeletesTheFoldersOfEarlierOnes() throws Exception {
        Path old = LuceneSearchIndex.folder(repo.git()).resolveSibling("v1");
        Files.createDirectories(old);
        Files.writeString(old.resolve("_0.cfs"), "an index of an earlier ctx");
        try (LuceneSearchIndex idx = open(null)) {
            idx.search(SearchRequest.of("maven"));
        }
        assertFalse(Files.exists(old), "the v1 folder is gone once v" + LuceneSearchIndex.SCHEMA + " is built");
        assertTrue(Files.isDirectory(LuceneSearchIndex.folder(repo.git())));
    }

    private static float score(List<SearchHit> hits, String text) {
        return hits.stream().filter(h -> h.snippet().contains(text)).findFirst().orElseThrow().score();
    }

    private LuceneSearchIndex deferring(dev.ctx.index.Embedder e) throws CtxException {
        return LuceneSearchIndex.open(repo.git(), e, LuceneSearchIndex.Options.defaults().withDeferEmbedding(true));
    }

    @Test
    void aDeferringSearchIndexesNewTextForBm25AtOnceAndItsVectorsLater() throws Exception {
        HashingEmbedder e = new HashingEmbedder(256);
        try (LuceneSearchIndex idx = deferring(e)) {
            idx.update();
            int before = e.passages();
            repo.commit("notes/queue.md", memory("Queue", "# Choice\nThe job queue runs on postgres with skip locked.\n"));

            SearchResult r = idx.search(SearchRequest.of("postgres job queue"));
            assertEquals(before, e.passages(), "the search embedded no passage");
            assertEquals(1, r.pendingChunks());
            assertEquals("notes/queue.md", r.hits().get(0).path(), "BM25 finds the new text at once");
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("no vectors yet")), r.notes().toString());
            SearchRequest vector = SearchRequest.of("postgres job queue").withMode(SearchMode.VECTOR);
            assertFalse(paths(idx.search(vector)).contains("notes/queue.md"), "no vector yet, so no vector hit");
            assertEquals(1, idx.status().pendingChunks());

            assertEquals(1, idx.embedPending());
            assertEquals(0, idx.status().pendingChunks());
            assertEquals("notes/queue.md", idx.search(vector).hits().get(0).path());
            assertEquals(0, idx.search(SearchRequest.of("postgres job queue")).pendingChunks());
            assertEquals(0, idx.embedPending(), "nothing left to do");
        }
    }

    @Test
    void updateEmbedsWhatSearchesLeftPending() throws Exception {
        HashingEmbedder e = new HashingEmbedder(64);
        try (LuceneSearchIndex idx = deferring(e)) {
            idx.search(SearchRequest.of("tomatoes"));
            int pending = idx.status().pendingChunks();
            assertTrue(pending >= 6, "a first build by a deferring search embeds nothing: " + pending);
            UpdateStats u = idx.update();
            assertEquals(pending, u.chunksEmbedded());
            assertEquals(0, idx.status().pendingChunks());
        }
    }

    /** Edits a file while the pending vectors of its old text are being computed. */
    private final class EditingDuringEmbedding extends HashingEmbedder {
        LuceneSearchIndex idx;
        boolean edited;

        EditingDuringEmbedding() {
            super(256);
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            if (idx != null && !edited) {
                edited = true;
                try {
                    repo.commit("notes/queue.md", memory("Queue", "# Choice\nThe job queue moved to redis streams.\n"));
                    idx.search(SearchRequest.of("redis streams")); // catches up, leaving the new text pending
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
            return super.embedPassages(texts);
        }
    }

    @Test
    void aVectorIsNeverAttachedToTextThatChangedWhileItWasComputed() throws Exception {
        EditingDuringEmbedding e = new EditingDuringEmbedding();
        try (LuceneSearchIndex idx = deferring(e)) {
            idx.update();
            repo.commit("notes/queue.md", memory("Queue", "# Choice\nThe job queue runs on postgres with skip locked.\n"));
            idx.search(SearchRequest.of("postgres"));
            e.idx = idx;
            idx.embedPending();
            assertTrue(e.edited);
            assertEquals(0, idx.status().pendingChunks(), "the changed text was embedded in a later batch");
            SearchHit hit = idx.search(SearchRequest.of("redis streams").withMode(SearchMode.VECTOR)).hits().get(0);
            assertEquals("notes/queue.md", hit.path());
            assertTrue(hit.snippet().contains("redis"), hit.snippet());
            // The stored vector is the new text's: its score is what the model gives the new text, not the old.
            float[] q = e.embedQuery("redis streams");
            float[] now = e.embedQuery("Choice: The job queue moved to redis streams.\n");
            float[] old = e.embedQuery("Choice: The job queue runs on postgres with skip locked.\n");
            assertTrue(dot(q, now) > dot(q, old) + 0.05, "the test texts must tell the vectors apart");
            assertTrue(hit.score() > (dot(q, old) + dot(q, now)) / 2, "score " + hit.score() + " is the new text's, not the old's");
        }
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void aQueryTheModelCannotEmbedIsOneClearErrorInHybridToo() throws Exception {
        HashingEmbedder down = new HashingEmbedder(64) {
            @Override
            public float[] embedQuery(String text) throws CtxException {
                throw new CtxException(dev.ctx.model.Problem.IO, "cannot reach the embedding endpoint http://127.0.0.1:9/v1: connection refused");
            }
        };
        try (LuceneSearchIndex idx = open(down)) {
            idx.update();
            for (SearchMode m : List.of(SearchMode.HYBRID, SearchMode.VECTOR)) {
                CtxException e = assertThrows(CtxException.class, () -> idx.search(SearchRequest.of("tomatoes").withMode(m)));
                assertEquals("cannot reach the embedding endpoint http://127.0.0.1:9/v1: connection refused", e.getMessage());
            }
            assertEquals("notes/garden.md", idx.search(SearchRequest.of("tomatoes").withMode(SearchMode.BM25)).hits().get(0).path());
        }
    }

    @Test
    void hybridIsTheDefaultWithAModelAndExplainShowsBothListsAndTheFusion() throws Exception {
        try (LuceneSearchIndex idx = open(new HashingEmbedder(128))) {
            SearchResult r = idx.search(SearchRequest.of("maven build").withExplain(true));
            assertEquals(SearchMode.HYBRID, r.mode());
            assertTrue(r.notes().isEmpty());
            SearchHit top = r.hits().get(0);
            assertNotNull(top.explain().bm25Rank());
            assertNotNull(top.explain().denseRank());
            float expected = 0.4f * top.explain().bm25Norm() + 0.6f * top.explain().denseNorm();
            assertEquals(expected, top.explain().fused(), 1e-5);
            // The hit's score adds the second stage's lift (Rescoring: here the file's other sections) to the fusion.
            assertTrue(top.score() >= top.explain().fused() - 1e-6);
            assertTrue(top.score() <= top.explain().fused() + Rescoring.FILE_WEIGHT + Rescoring.SPEAKER_WEIGHT + Rescoring.DATE_WEIGHT + 1e-6);
            for (int i = 1; i < r.hits().size(); i++) {
                assertTrue(r.hits().get(i - 1).score() >= r.hits().get(i).score());
            }
            SearchResult v = idx.search(SearchRequest.of("maven build").withMode(SearchMode.VECTOR).withExplain(true));
            assertNull(v.hits().get(0).explain().bm25Rank());
            assertNotNull(idx.search(SearchRequest.of("maven build")).hits().get(0).explain(), "every hit carries its evidence (the floor and --json need it)");
        }
    }

    @Test
    void withoutAModelSearchFallsBackToBm25AndSaysSoOnce() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            SearchResult r = idx.search(SearchRequest.of("tomatoes"));
            assertEquals(SearchMode.BM25, r.mode());
            assertEquals(1, r.notes().size());
            assertTrue(r.notes().get(0).contains("BM25"));
            assertTrue(idx.search(SearchRequest.of("tomatoes")).notes().isEmpty(), "the note is given once");
            CtxException ex = assertThrows(CtxException.class, () -> idx.search(SearchRequest.of("tomatoes").withMode(SearchMode.HYBRID)));
            assertTrue(ex.getMessage().contains("--mode bm25"));
        }
    }

    @Test
    void filtersByKindPathAndDate() throws Exception {
        repo.at(Instant.parse("2026-06-01T00:00:00Z")).commit("notes/late.md", memory("Late", "# Build\nA late build note.\n"));
        try (LuceneSearchIndex idx = open(null)) {
            SearchRequest q = SearchRequest.of("build").withK(20);
            assertEquals(Set.of("system/build.md", "archive/old.md", "skills/deploy/SKILL.md", "recall/2026/s1.md", "notes/late.md"),
                    Set.copyOf(paths(idx.search(q))));
            assertEquals(Set.of("archive/old.md"), Set.copyOf(paths(idx.search(q.withKinds(Set.of(Kind.ARCHIVE))))));
            assertEquals(Set.of("archive/old.md", "recall/2026/s1.md"),
                    Set.copyOf(paths(idx.search(q.withKinds(Set.of(Kind.ARCHIVE, Kind.RECALL))))));
            assertEquals(Set.of("system/build.md"), Set.copyOf(paths(idx.search(q.withPathPrefix("system")))));
            assertEquals(Set.of("system/build.md"), Set.copyOf(paths(idx.search(q.withPathPrefix("system/build")))));
            assertEquals(Set.of("notes/late.md"), Set.copyOf(paths(idx.search(q.withPathPrefix("notes/")))));
            // Memory files are dated by the commit that last changed them, recall turns by their heading.
            assertEquals(Set.of("notes/late.md"), Set.copyOf(paths(idx.search(q.withSince(Instant.parse("2026-05-01T00:00:00Z"))))));
            List<SearchHit> recall = idx.search(q.withKinds(Set.of(Kind.RECALL))).hits();
            assertTrue(recall.stream().allMatch(h -> h.date().toString().startsWith("2026-03-02T10:0")), recall.toString());
            assertEquals(Set.of("recall/2026/s1.md", "notes/late.md"),
                    Set.copyOf(paths(idx.search(q.withSince(Instant.parse("2026-03-01T00:00:00Z"))))));
        }
    }

    @Test
    void aSchemaMismatchRebuildsFromClean() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            idx.update();
        }
        try (Directory d = FSDirectory.open(LuceneSearchIndex.folder(repo.git()));
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()))) {
            Document meta = new Document();
            meta.add(new StringField(LuceneChunkIndex.TYPE, "meta", Field.Store.YES));
            meta.add(new StoredField("meta.schema", "0"));
            meta.add(new StoredField("meta.commit", repo.git().tip()));
            w.updateDocument(new Term(LuceneChunkIndex.TYPE, "meta"), meta);
            w.commit();
        }
        try (LuceneSearchIndex idx = open(null)) {
            assertTrue(idx.status().behind());
            assertEquals(List.of("notes/garden.md"), paths(idx.search(SearchRequest.of("tomatoes"))));
            UpdateStats u = idx.status().lastUpdate();
            assertTrue(u.rebuilt());
            assertEquals(6, u.filesIndexed());
            assertEquals(6, idx.status().files());
        }
    }

    @Test
    void aDifferentEmbeddingModelRebuildsFromClean() throws Exception {
        try (LuceneSearchIndex idx = open(new HashingEmbedder(32, "model-a"))) {
            idx.update();
        }
        HashingEmbedder b = new HashingEmbedder(48, "model-b");
        try (LuceneSearchIndex idx = open(b)) {
            UpdateStats u = idx.update();
            assertTrue(u.rebuilt());
            assertEquals(u.chunksEmbedded(), b.passages());
            assertEquals("model-b+mean", idx.status().modelId());
            assertEquals(SearchMode.HYBRID, idx.search(SearchRequest.of("tomatoes")).mode());
        }
    }

    @Test
    void deletingTheIndexFolderLosesNothing() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            idx.update();
        }
        Path folder = LuceneSearchIndex.folder(repo.git());
        try (Stream<Path> s = Files.walk(folder.getParent().getParent())) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(folder));
        try (LuceneSearchIndex idx = open(null)) {
            assertEquals(List.of("notes/garden.md"), paths(idx.search(SearchRequest.of("tomatoes"))));
            assertTrue(idx.status().lastUpdate().rebuilt());
        }
    }

    @Test
    void aDeferringSearchTakesFromTheEmbeddingCacheWhatWasEmbeddedBefore() throws Exception {
        HashingEmbedder model = new HashingEmbedder(64);
        Path cache = dir.resolve("embedding-cache");
        try (LuceneSearchIndex idx = deferring(new dev.ctx.index.embed.CachingEmbedder(model, cache))) {
            idx.update();
        }
        int embedded = model.passages();
        Path folder = LuceneSearchIndex.folder(repo.git());
        try (Stream<Path> s = Files.walk(folder)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (LuceneSearchIndex idx = deferring(new dev.ctx.index.embed.CachingEmbedder(model, cache))) {
            SearchResult r = idx.search(SearchRequest.of("tomatoes").withMode(SearchMode.VECTOR));
            assertEquals(0, r.pendingChunks(), "every vector came from the cache");
            assertEquals(embedded, model.passages(), "and the model ran for none");
            assertEquals("notes/garden.md", r.hits().get(0).path());
        }
    }

    @Test
    void anUnreadableIndexIsRebuiltFromClean() throws Exception {
        try (LuceneSearchIndex idx = open(null)) {
            idx.update();
        }
        Path folder = LuceneSearchIndex.folder(repo.git());
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        try (LuceneSearchIndex idx = open(null)) {
            assertEquals(List.of("notes/garden.md"), paths(idx.search(SearchRequest.of("tomatoes"))));
            assertTrue(idx.status().lastUpdate().rebuilt());
        }
    }

    @Test
    void whileAnotherWriterHoldsTheLockSearchesAnswerFromTheLastCommitAndSayTheyAreBehind() throws Exception {
        String indexed;
        try (LuceneSearchIndex idx = open(null)) {
            idx.update();
            indexed = idx.status().indexedCommit();
        }
        repo.commit("notes/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes at dusk, and the basil.\n"));
        // Another process (simulated: a second IndexWriter) holds Lucene's write.lock.
        try (Directory d = FSDirectory.open(LuceneSearchIndex.folder(repo.git()));
             IndexWriter other = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()));
             LuceneSearchIndex idx = open(null)) {
            long t0 = System.nanoTime();
            SearchResult r = idx.search(SearchRequest.of("tomatoes"));
            assertTrue((System.nanoTime() - t0) < Duration.ofSeconds(5).toNanos(), "never waits for the lock");
            assertTrue(r.behind());
            assertEquals(indexed, r.indexedCommit());
            assertEquals(List.of("notes/garden.md"), paths(r));
            assertTrue(r.hits().get(0).snippet().contains("morning"), "the old text, from the last committed index");
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("another process")));
            assertFalse(idx.status().writable());
            assertThrows(CtxException.class, idx::rebuild);
            other.rollback();
            SearchResult after = idx.search(SearchRequest.of("basil"));
            assertFalse(after.behind(), "catches up as soon as the lock is free");
            assertEquals(List.of("notes/garden.md"), paths(after));
        }
    }

    @Test
    void aLongRunningProcessKeepsTheWriterBrieflyThenLetsOthersWrite() throws Exception {
        LuceneSearchIndex.Options opts = LuceneSearchIndex.Options.defaults().withWriterIdle(Duration.ofMillis(300));
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), null, opts);
             LuceneSearchIndex other = open(null)) {
            assertTrue(idx.update().rebuilt());
            assertTrue(other.status().writable(), "a build from clean releases the writer at once");
            repo.commit("notes/cooking.md", memory("Kitchen notes", "# Pasta\nSalt the water.\n"));
            assertFalse(idx.update().rebuilt());
            repo.commit("notes/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes at dusk, and the basil.\n"));
            assertFalse(other.status().writable(), "the warm writer still holds the lock");
            // A search waits briefly for the holder; the lock is released after the idle time, within that wait.
            SearchResult r = other.search(SearchRequest.of("basil"));
            assertFalse(r.behind(), "caught up once the idle writer let go");
            assertEquals(List.of("notes/garden.md"), paths(r));
        }
    }

    @Test
    void aSearchWaitsBrieflyForTheProcessHoldingTheWriteLockToIndexTheTip() throws Exception {
        LuceneSearchIndex.Options holding = LuceneSearchIndex.Options.defaults().withWriterIdle(Duration.ofSeconds(30));
        try (LuceneSearchIndex holder = LuceneSearchIndex.open(repo.git(), null, holding);
             LuceneSearchIndex other = open(null)) {
            holder.update();
            repo.commit("notes/cooking.md", memory("Kitchen notes", "# Pasta\nSalt the water.\n"));
            holder.update(); // small: the writer stays with the holder for 30 s
            repo.commit("notes/garden.md", memory("Garden", "# Tomatoes\nWater tomatoes at dusk, and the basil.\n"));
            Thread indexer = new Thread(() -> {
                try {
                    Thread.sleep(50); // the search is already waiting (it waits up to a second); a loaded machine needs the rest
                    holder.catchUpNow(); // as a merging process does between polls
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            indexer.start();
            SearchResult r = other.search(SearchRequest.of("basil"));
            indexer.join();
            assertFalse(other.status().writable(), "the holder kept the lock throughout");
            assertFalse(r.behind(), "the holder indexed the tip while the search waited");
            assertEquals(List.of("notes/garden.md"), paths(r));
        }
    }

    @Test
    void anUpdateMergesTheSegmentsLargeWritesLeftIntoOne() throws Exception {
        HashingEmbedder e = new HashingEmbedder(64);
        int n = LuceneSearchIndex.MERGE_MIN_VECTORS + 100;
        try (LuceneSearchIndex idx = open(e)) {
            repo.commit(manyFiles("notes/first/", n, "alpha"));
            UpdateStats first = idx.update();
            assertEquals(0, first.segmentsMerged(), "one large segment: nothing to merge");
            repo.commit(manyFiles("notes/second/", n, "omega"));
            try (LuceneSearchIndex reader = open(e)) {
                // The second large write, as a search's catch-up makes it: its own segment.
                reader.catchUpNow();
                assertTrue(reader.status().segments() >= 2, "two large writes, two segments: " + reader.status().segments());
            }
            UpdateStats u = idx.update();
            assertTrue(u.segmentsMerged() >= 2, "the update merged them: " + u);
            assertEquals(1, idx.status().segments());
            assertEquals(0, idx.update().segmentsMerged(), "merged once, not again");
            for (String word : List.of("alpha", "omega")) {
                SearchResult r = idx.search(SearchRequest.of(word + " topic 7").withMode(SearchMode.HYBRID));
                assertTrue(r.hits().get(0).path().contains(word.equals("alpha") ? "first" : "second"), word + ": " + paths(r));
            }
            try (Directory d = FSDirectory.open(LuceneSearchIndex.folder(repo.git()));
                 org.apache.lucene.index.CheckIndex check = new org.apache.lucene.index.CheckIndex(d)) {
                assertTrue(check.checkIndex().clean, "Lucene's CheckIndex finds the merged index clean");
            }
        }
    }

    private static String[] manyFiles(String folder, int n, String word) {
        String[] pairs = new String[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = folder + "topic" + i + ".md";
            pairs[2 * i + 1] = memory("Topic " + i, "# " + word + " " + i + "\nThe " + word + " fact number " + i + " of this folder.\n");
        }
        return pairs;
    }

    @Test
    void aMergeIsDueWhenLargeSegmentsOutsideTheLargestHoldATenthOfTheVectors() {
        assertFalse(LuceneSearchIndex.mergeDue(List.of()));
        assertFalse(LuceneSearchIndex.mergeDue(List.of(130_000)));
        assertTrue(LuceneSearchIndex.mergeDue(List.of(31_300, 31_700, 31_700, 31_600, 3_700)), "a first build's flushes");
        assertFalse(LuceneSearchIndex.mergeDue(List.of(130_000, 5_500, 550, 550, 3, 3)), "updates since: Lucene's own merging suffices");
        assertTrue(LuceneSearchIndex.mergeDue(List.of(130_000, 15_000)), "a large fill since");
        assertFalse(LuceneSearchIndex.mergeDue(List.of(1_500, 900)), "small segments do not count");
    }

    @Test
    void withNoIndexYetAndTheLockHeldSearchWaitsBoundedThenSaysWhy() throws Exception {
        Path folder = LuceneSearchIndex.folder(repo.git());
        Files.createDirectories(folder);
        try (Directory d = FSDirectory.open(folder);
             IndexWriter other = new IndexWriter(d, new IndexWriterConfig(new StandardAnalyzer()));
             LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), null, LuceneSearchIndex.Options.defaults().withFirstBuildWait(Duration.ofMillis(300)))) {
            CtxException e = assertThrows(CtxException.class, () -> idx.search(SearchRequest.of("tomatoes")));
            assertTrue(e.getMessage().contains("another process is building"), e.getMessage());
        }
    }

    @Test
    void largeFilesAreSkippedNotFatal() throws Exception {
        repo.commit("notes/huge.md", memory("Huge", "# Big\n" + "tomatoes ".repeat(2000)));
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(repo.git(), null, LuceneSearchIndex.Options.defaults().withMaxFileBytes(4096))) {
            assertEquals(List.of("notes/garden.md"), paths(idx.search(SearchRequest.of("tomatoes"))));
        }
    }
}
