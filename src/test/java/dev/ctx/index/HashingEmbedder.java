package dev.ctx.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a real embedding model: lower-cased words (crudely stemmed to 5 letters)
 * and letter trigrams hashed into a fixed number of dimensions, L2-normalised. Texts that share words
 * land close together, which is all tests and harness smoke runs need. Counts the passages it embeds.
 */
public class HashingEmbedder implements Embedder {
    private final int dims;
    private final String id;
    private final AtomicInteger passages = new AtomicInteger();

    public HashingEmbedder(int dims) {
        this(dims, "test-hashing-" + dims);
    }

    public HashingEmbedder(int dims, String id) {
        this.dims = dims;
        this.id = id;
    }

    @Override
    public String modelId() {
        return id;
    }

    @Override
    public int dimensions() {
        return dims;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        passages.addAndGet(texts.size());
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) throws dev.ctx.model.CtxException {
        return embed(text);
    }

    /** How many passages were embedded so far. */
    public int passages() {
        return passages.get();
    }

    private float[] embed(String text) {
        float[] v = new float[dims];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() < 2) {
                continue;
            }
            String stem = w.length() > 5 ? w.substring(0, 5) : w;
            add(v, stem.hashCode(), 1f);
            String padded = "^" + w + "$";
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(v, padded.substring(i, i + 3).hashCode() * 31 + 7, 0.3f);
            }
        }
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        if (n == 0) {
            v[0] = 1;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < dims; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private void add(float[] v, int h, float w) {
        int i = Math.floorMod(h, dims);
        v[i] += ((h >>> 16) & 1) == 0 ? w : -w;
    }
}
