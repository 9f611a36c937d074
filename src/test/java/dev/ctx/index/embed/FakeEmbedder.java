package dev.ctx.index.embed;

import dev.ctx.index.Embedder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A deterministic stand-in model that counts what it was asked to embed. */
final class FakeEmbedder implements Embedder {
    final AtomicInteger passageTexts = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger queries = new AtomicInteger();
    private final String id;
    private final int dims;

    FakeEmbedder(String id, int dims) {
        this.id = id;
        this.dims = dims;
    }

    static float[] vector(String text, int dims) {
        float[] v = new float[dims];
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < dims; i++) {
            v[i] = (i < b.length ? b[i] : 1) + i * 0.01f;
        }
        return Vectors.normalize(v);
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
        calls.incrementAndGet();
        passageTexts.addAndGet(texts.size());
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(vector("passage: " + t, dims)));
        return out;
    }

    @Override
    public float[] embedQuery(String text) {
        queries.incrementAndGet();
        return vector("query: " + text, dims);
    }
}
