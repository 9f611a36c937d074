package dev.ctx.index;

import dev.ctx.model.CtxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * How similar a query is to text that has nothing to do with it, measured for that query: its highest cosine
 * with a fixed set of neutral passages ({@code noise-references.txt}: everyday English and generic notes about
 * software work, answering nothing in particular). e5-small-v2's cosines are compressed (unrelated English
 * scores 0.78-0.82), and where unrelated text lands in that band depends on the query: a short, generic
 * question is close to everything. So a hit found by its similarity alone is judged against this level plus a
 * margin ({@link SearchFloor}), not against a fixed cosine.
 *
 * <p>The passages' vectors for the builtin model ship beside them ({@code noise-references.vectors}, written by
 * the model itself: {@code dev.ctx.bench.NoiseVectors}, checked by {@code QueryNoiseTest}), so a new repository's
 * first search does not pay the model for them; any other model embeds them once, through its cache.
 */
public final class QueryNoise {
    static final String PASSAGES = "noise-references.txt";
    static final String VECTORS = "noise-references.vectors";

    private final List<float[]> references;

    QueryNoise(List<float[]> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("no reference passages");
        }
        this.references = List.copyOf(references);
    }

    /** The references as {@code embedder} sees them: the shipped vectors when they are its model's, else embedded. */
    public static QueryNoise of(Embedder embedder) throws CtxException {
        List<String> passages = passages();
        List<float[]> shipped = shipped(embedder.modelId(), embedder.dimensions(), passages);
        return new QueryNoise(shipped != null ? shipped : embedder.embedPassages(passages));
    }

    /** The query's noise level: the highest of its cosines with the reference passages. */
    public float level(float[] query) {
        float[] s = similarities(query);
        return s[s.length - 1];
    }

    /** The query's cosines with every reference passage, in ascending order. */
    public float[] similarities(float[] query) {
        float[] out = new float[references.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dot(query, references.get(i));
        }
        Arrays.sort(out);
        return out;
    }

    /** The shipped reference passages. */
    public static List<String> passages() {
        return lines(PASSAGES);
    }

    /** A shipped list: one entry a line, '#' lines and blank ones left out. */
    static List<String> lines(String resource) {
        return text(resource).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /**
     * The vectors file: the model id, the SHA-256 of the passages (one a line), then each passage's vector as
     * base64 of little-endian floats, one a line.
     */
    public static String vectorsFile(String modelId, List<String> passages, List<float[]> vectors) {
        StringBuilder b = new StringBuilder(modelId).append('\n').append(digest(passages)).append('\n');
        for (float[] v : vectors) {
            ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                buf.putFloat(f);
            }
            b.append(Base64.getEncoder().encodeToString(buf.array())).append('\n');
        }
        return b.toString();
    }

    /** The shipped vectors when they were computed by this model from exactly these passages; null otherwise. */
    static List<float[]> shipped(String modelId, int dimensions, List<String> passages) {
        return shipped(VECTORS, modelId, dimensions, passages);
    }

    /** {@link #shipped(String, int, List)} from another vectors resource of this package. */
    static List<float[]> shipped(String resource, String modelId, int dimensions, List<String> passages) {
        List<String> lines = text(resource).lines().toList();
        if (lines.size() != passages.size() + 2 || !lines.get(0).equals(modelId) || !lines.get(1).equals(digest(passages))) {
            return null;
        }
        List<float[]> out = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(line)).order(ByteOrder.LITTLE_ENDIAN);
            if (buf.remaining() != 4 * dimensions) {
                return null;
            }
            float[] v = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                v[i] = buf.getFloat();
            }
            out.add(v);
        }
        return out;
    }

    private static String digest(List<String> passages) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\n", passages).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String text(String resource) {
        try (InputStream in = QueryNoise.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the build lost its resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a vector of " + a.length + " dimensions against one of " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return (float) s;
    }
}
