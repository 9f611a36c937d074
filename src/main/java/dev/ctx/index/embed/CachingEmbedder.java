package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps passage vectors on disk, keyed by model id and the SHA-256 of the text, so unchanged text is
 * never embedded twice: not within a run, not across index rebuilds, not across processes sharing the
 * cache folder. Queries pass through (they are short, and caching each would grow the cache without
 * bound). A cache that cannot be read or written costs speed, never an answer: it degrades to the model.
 */
public final class CachingEmbedder implements Embedder {
    private final Embedder model;
    private final VectorStore store;
    /** Prefix files read so far, by prefix; refreshed from disk when a lookup misses. */
    private final Map<String, Map<String, float[]>> loaded = new HashMap<>();
    private long hits;
    private long misses;

    /** {@code cacheRoot} is the embeddings folder; each model gets its own subfolder. */
    public CachingEmbedder(Embedder model, Path cacheRoot) {
        this.model = model;
        this.store = new VectorStore(VectorStore.folderFor(cacheRoot, model.modelId()));
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    /** Passages answered from the cache since this instance was made. */
    public synchronized long hits() {
        return hits;
    }

    /** Passages sent to the model since this instance was made. */
    public synchronized long misses() {
        return misses;
    }

    @Override
    public synchronized List<float[]> embedPassages(List<String> texts) throws CtxException {
        float[][] out = new float[texts.size()][];
        // Same text twice in one call is embedded once: missing text -> the positions that need it.
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        Map<String, byte[]> keys = new HashMap<>();
        Set<String> reread = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            byte[] key = VectorStore.sha256(texts.get(i));
            String hex = HexFormat.of().formatHex(key);
            float[] v = lookup(key, hex, reread);
            if (v != null) {
                out[i] = v.clone();
                hits++;
            } else {
                missing.computeIfAbsent(texts.get(i), t -> new ArrayList<>()).add(i);
                keys.put(texts.get(i), key);
            }
        }
        if (!missing.isEmpty()) {
            List<String> todo = new ArrayList<>(missing.keySet());
            List<float[]> fresh = model.embedPassages(todo);
            misses += todo.size();
            Map<String, Map<byte[], float[]>> byPrefix = new HashMap<>();
            for (int j = 0; j < todo.size(); j++) {
                byte[] key = keys.get(todo.get(j));
                float[] v = fresh.get(j);
                for (int i : missing.get(todo.get(j))) {
                    out[i] = v.clone();
                }
                String prefix = VectorStore.prefix(key);
                byPrefix.computeIfAbsent(prefix, p -> new LinkedHashMap<>()).put(key, v);
                loaded.computeIfAbsent(prefix, p -> new HashMap<>()).put(HexFormat.of().formatHex(key), v);
            }
            save(byPrefix);
        }
        return List.of(out);
    }

    /** Answers from the cache only (memory, then disk); never calls the model. */
    @Override
    public synchronized List<float[]> knownPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        Set<String> reread = new HashSet<>();
        for (String t : texts) {
            byte[] key = VectorStore.sha256(t);
            float[] v = lookup(key, HexFormat.of().formatHex(key), reread);
            out.add(v == null ? null : v.clone());
            if (v != null) {
                hits++;
            }
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) throws CtxException {
        return model.embedQuery(text);
    }

    /** Looks in memory, then once per call and prefix on disk, where another process may have added it. */
    private float[] lookup(byte[] key, String hex, Set<String> reread) {
        String prefix = VectorStore.prefix(key);
        Map<String, float[]> part = loaded.get(prefix);
        if ((part == null || !part.containsKey(hex)) && reread.add(prefix)) {
            try {
                Map<String, float[]> fresh = store.read(prefix);
                if (part != null) {
                    fresh.putAll(part);
                }
                part = fresh;
            } catch (IOException e) {
                part = part == null ? new HashMap<>() : part;
            }
            loaded.put(prefix, part);
        }
        return part == null ? null : part.get(hex);
    }

    private void save(Map<String, Map<byte[], float[]>> byPrefix) {
        try {
            Path marker = store.dir().resolve("model.txt");
            if (!Files.exists(marker)) {
                Files.createDirectories(store.dir());
                Files.writeString(marker, model.modelId() + "\n", StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, Map<byte[], float[]>> e : byPrefix.entrySet()) {
                store.append(e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            // The vectors are returned anyway; a read-only or full disk only means they are embedded again.
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
