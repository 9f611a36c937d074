package dev.ctx.app;

import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.index.HubNoise;
import dev.ctx.index.QueryMemo;
import dev.ctx.index.QueryNoise;
import dev.ctx.index.Results;
import dev.ctx.index.SearchFloor;
import dev.ctx.index.SearchIndex;
import dev.ctx.index.WindowVectors;
import dev.ctx.index.embed.BackgroundEmbedding;
import dev.ctx.index.embed.Embedders;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.CtxException;
import dev.ctx.model.FloorReport;
import dev.ctx.model.Helpers;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.UpdateStats;
import dev.ctx.store.ContextStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

/** Search and its index for {@link Ctx}: wires the Lucene index and the embedding model on first use. */
final class Searching implements AutoCloseable {
    /** A background embedder whose pending count has not fallen for this long is not waited for any more. */
    static final Duration FILLER_STALL = Duration.ofSeconds(60);

    private final ContextStore store;
    private final Map<String, String> env;
    private final Helpers helpers;
    /** The resident server's shared model and background thread; null in a command's own process. */
    private final Ctx.Warmth warmth;
    private final AtomicBoolean filling = new AtomicBoolean();
    private SearchIndex index;
    private SearchFloor floor;
    private Embedder embedder;
    private String embeddingProblem;
    /** The noise references embedded with this repository's model, on the first search that needs them. */
    private QueryNoise noise;
    /** The neutral questions embedded with this repository's model, on the first search that needs them. */
    private HubNoise hubs;

    Searching(ContextStore store, Map<String, String> env, Helpers helpers, Ctx.Warmth warmth) {
        this.store = store;
        this.env = env;
        this.helpers = helpers;
        this.warmth = warmth;
    }

    /** The search index of this repository, opened on first use; it catches up with the branch on every search. */
    private synchronized SearchIndex index() throws CtxException {
        if (index == null) {
            CtxConfig config = store.config();
            Embedders.Resolution r = Embedders.resolve(config, store.git().ctxDir(), env, helpers.embedServer(),
                    warmth == null ? null : warmth.models());
            // remembers the search's query vector, so the noise level costs no second model run
            embedder = r.embedder().map(QueryMemo::new).orElse(null);
            embeddingProblem = r instanceof Embedders.Resolution.Unavailable u ? u.reason() : null;
            LuceneSearchIndex.Options options = LuceneSearchIndex.Options.defaults()
                    .withMaxFileBytes(config.maxFileBytes())
                    .withWindowVectors(windowVectors(config))
                    .withDeferEmbedding(backgroundEmbedding(config));
            floor = floor(config);
            index = LuceneSearchIndex.open(store.git(), embedder, options);
        }
        return index;
    }

    /**
     * The hits with evidence of their own ({@link SearchFloor}, a similarity judged against the query's own noise
     * level): a query about nothing stored finds nothing.
     */
    SearchResult search(SearchRequest request, int perFile) throws CtxException {
        SearchResult r = index().search(request.withK(Results.depth(request.k(), perFile)));
        if (r.mode() == SearchMode.BM25) {
            return new SearchResult(r.mode(), Results.finish(r.mode(), r.hits(), floor, perFile, request.k()), r.indexedCommit(),
                    r.behind(), r.pendingChunks(), r.notes(), r.millis());
        }
        List<String> notes = new ArrayList<>(r.notes());
        Float level = noiseLevel(request.query(), notes);
        Map<String, Float> textNoise = textNoise(level, r.hits(), notes);
        List<SearchHit> hits = Results.finish(r.mode(), r.hits(), floor, level, textNoise, perFile, request.k());
        FloorReport report = new FloorReport(floor.minSimilarity(), floor.minWords(), level,
                floor.usesNoise() ? floor.noiseMargin() : null, floor.similarityNeeded(level),
                floor.usesHubs() ? floor.hubMargin() : null, textNoise, floor.keptBySpeaker(hits, level, textNoise));
        return new SearchResult(r.mode(), hits, r.indexedCommit(), r.behind(), r.pendingChunks(), notes, r.millis(), report);
    }

    /**
     * The query's noise level ({@link QueryNoise}), null when the floor does not use it; without it (the model
     * failed on the references) the fixed floor alone applies, and a note says so.
     */
    private Float noiseLevel(String query, List<String> notes) {
        if (embedder == null || !floor.needsNoise()) {
            return null;
        }
        try {
            return noise().level(embedder.embedQuery(query));
        } catch (CtxException e) {
            notes.add("the query's noise level is unknown (" + e.getMessage() + "): only search.min_similarity applies");
            return null;
        }
    }

    /**
     * The noise levels of the texts of hits that stand on their similarity alone ({@link HubNoise}), by hit id;
     * empty when the correction is off or the query's level is unknown. Without them (the model failed on the
     * questions) those hits are judged on the query's level alone, and a note says so.
     */
    private Map<String, Float> textNoise(Float level, List<SearchHit> hits, List<String> notes) {
        if (level == null || !floor.usesHubs()) {
            return Map.of();
        }
        try {
            return hubs().levels(hits, floor, level, index()::vectors);
        } catch (CtxException e) {
            notes.add("the hits' own noise levels are unknown (" + e.getMessage() + "): only the query's noise level applies");
            return Map.of();
        }
    }

    private synchronized HubNoise hubs() throws CtxException {
        if (hubs == null) {
            hubs = HubNoise.of(embedder);
        }
        return hubs;
    }

    private synchronized QueryNoise noise() throws CtxException {
        if (noise == null) {
            // through the embedding cache: a repository pays the model for the references once, not per process
            noise = QueryNoise.of(embedder);
        }
        return noise;
    }

    /** A margin setting of {@code search:}: a cosine difference, or {@code off} (-1, the floor's "off"). */
    private static float margin(CtxConfig config, String key, float fallback) throws CtxException {
        Object v = config.section("search").get(key);
        return "off".equals(v) || Boolean.FALSE.equals(v) ? -1f : number(config, key, fallback, "a cosine difference, or off");
    }

    private static SearchFloor floor(CtxConfig config) throws CtxException {
        float similarity = number(config, "min_similarity", SearchFloor.DEFAULT, "a cosine");
        float words = number(config, "min_word_share", SearchFloor.DEFAULT_WORDS, "a share between 0 and 1");
        float margin = margin(config, "noise_margin", SearchFloor.DEFAULT_MARGIN);
        float hub = margin(config, "hub_margin", SearchFloor.DEFAULT_HUB_MARGIN);
        try {
            return new SearchFloor(similarity, words, margin, hub);
        } catch (IllegalArgumentException e) {
            throw CtxException.refused("ctx.yaml " + e.getMessage());
        }
    }

    private static float number(CtxConfig config, String key, float fallback, String what) throws CtxException {
        Object v = config.section("search").get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw CtxException.refused("ctx.yaml search." + key + " must be a number (" + what + ", e.g. " + fallback + "), not '" + v + "'");
        }
        return n.floatValue();
    }

    String embeddingProblem() {
        return embeddingProblem;
    }

    IndexStatus status() throws CtxException {
        return index().status();
    }

    IndexRun update(Runnable onWait, dev.ctx.model.Progress progress) throws CtxException {
        BackgroundEmbedding.Claim claim;
        try {
            claim = BackgroundEmbedding.awaitClaim(store.git().ctxDir(), () -> index().status().pendingChunks(), FILLER_STALL, onWait);
        } catch (CtxException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CtxException.io("interrupted while waiting for the background embedder", e);
        } catch (Exception e) {
            throw CtxException.io("cannot take the index's filler lock: " + e.getMessage(), e);
        }
        try {
            UpdateStats u = index().update(progress);
            return new IndexRun(u, index().status().pendingChunks());
        } finally {
            if (claim != null) {
                claim.close();
            }
        }
    }

    Optional<UpdateStats> fill() throws CtxException {
        return fill(u -> { });
    }

    /**
     * Fills pending vectors unless another filler holds the claim; {@code report} runs while the claim is still
     * held, so whoever waits for the claim to be free also finds what the filler reported (its log line).
     */
    Optional<UpdateStats> fill(Consumer<UpdateStats> report) throws CtxException {
        try (BackgroundEmbedding.Claim claim = claim()) {
            if (claim == null) {
                return Optional.empty();
            }
            UpdateStats u = index().update();
            report.accept(u);
            return Optional.of(u);
        }
    }

    private BackgroundEmbedding.Claim claim() throws CtxException {
        try {
            return BackgroundEmbedding.claim(store.git().ctxDir());
        } catch (IOException e) {
            throw CtxException.io("cannot take the index's filler lock: " + e.getMessage(), e);
        }
    }

    IndexRun rebuild(dev.ctx.model.Progress progress) throws CtxException {
        UpdateStats u = index().rebuild(progress);
        return new IndexRun(u, index().status().pendingChunks());
    }

    /**
     * Whether searches leave new text's vectors to a background process ({@link #embedPendingInBackground}):
     * on with a model, unless {@code search.embed_in_background: false} or {@code CTX_EMBED_BACKGROUND=0}.
     */
    private boolean backgroundEmbedding(CtxConfig config) throws CtxException {
        Object v = config.section("search").get("embed_in_background");
        if (v != null && !(v instanceof Boolean)) {
            throw CtxException.refused("ctx.yaml search.embed_in_background must be true or false, not '" + v + "'");
        }
        return embedder != null && !Boolean.FALSE.equals(v) && !"0".equals(env.get(BackgroundEmbedding.ENV));
    }

    /**
     * Starts a detached process that embeds the chunks searches left without vectors, unless one is running;
     * never needed for correctness: pending chunks are found by BM25 meanwhile, and the next search tries again.
     */
    boolean embedPendingInBackground() {
        if (warmth != null) {
            // one fill queued or running per repository is enough: it embeds whatever is pending when it runs
            if (filling.compareAndSet(false, true)) {
                warmth.background().execute(this::fillPending);
            }
            return true;
        }
        if (helpers.indexFiller() == null) {
            return false;
        }
        try {
            return BackgroundEmbedding.start(store.root(), store.git().ctxDir(), env, helpers.indexFiller());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A pooled Ctx's background embedding: in this process with the loaded model, under the same filler lock a
     * detached filler takes, so a foreground {@code ctx index update} elsewhere still waits for it, not races it.
     */
    private void fillPending() {
        filling.set(false);
        try {
            fill();
        } catch (CtxException | RuntimeException e) {
            // never needed for correctness: what is left stays pending, and the next search asks again
        }
    }

    private static WindowVectors windowVectors(CtxConfig config) throws CtxException {
        try {
            return WindowVectors.parse(config.section("search").get("window_vectors"));
        } catch (IllegalArgumentException e) {
            throw CtxException.refused(e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (index != null) {
            index.close();
        }
        if (embedder != null) {
            embedder.close();
        }
    }
}
