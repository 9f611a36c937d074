package dev.ctx.index.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ctx.index.Embedder;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model built into ctx (the default e5-small-v2; {@link BuiltinModel}), int8-quantized, run by ONNX Runtime
 * with the HuggingFace tokenizer, entirely offline (model, tokenizer and natives are inside the jar). The
 * model's pooling (e5: mean over the last hidden state) and prefixes (e5: {@code query: } / {@code passage: }),
 * L2-normalised 384-dim vectors. A text
 * longer than the model's 512 tokens is embedded window by window and the windows averaged, so a long
 * chunk's tail still counts.
 *
 * <p>Thread-safe: ONNX Runtime sessions may run concurrently; the tokenizer is only read.
 */
public final class BuiltinEmbedder implements Embedder {
    /** Model, pooling and prefixes; bump the suffix when preprocessing changes so caches are not reused. */
    public static final String MODEL_ID = BuiltinModel.E5_SMALL_V2.id();
    public static final int DIMENSIONS = BuiltinModel.DIMENSIONS;
    static final String MODEL_RESOURCE = BuiltinModel.E5_SMALL_V2.onnx();
    static final String TOKENIZER_RESOURCE = BuiltinModel.E5_SMALL_V2.tokenizer();
    private static final int MAX_TOKENS = 512;
    private static final long CLS = 101;
    private static final long SEP = 102;
    /** Windows per ONNX run; with texts sorted by length this wastes little on padding. */
    private static final int BATCH = 16;
    private static final int BATCH_TOKENS = 16 * 256;

    private final BuiltinModel model;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;
    private final long[] queryPrefix;
    private final long[] passagePrefix;

    private BuiltinEmbedder(BuiltinModel model, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.model = model;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        this.queryPrefix = tokenizer.encode(model.queryPrefix(), false, false).getIds();
        this.passagePrefix = tokenizer.encode(model.passagePrefix(), false, false).getIds();
    }

    /**
     * Whether this jar carries the model and the natives for this platform. Cheap (resource lookups
     * only), so callers can decide without paying the model load.
     */
    public static boolean available() {
        return available(BuiltinModel.E5_SMALL_V2);
    }

    /** Whether this jar carries {@code model}'s files and the natives for this platform. */
    public static boolean available(BuiltinModel model) {
        return resource(model.onnx()) && resource(model.tokenizer()) && Natives.present();
    }

    private static boolean resource(String name) {
        return BuiltinEmbedder.class.getClassLoader().getResource(name) != null;
    }

    /**
     * Loads the model (about a second). {@code nativeDir} is where the tokenizer's native library is
     * extracted: a folder of ctx's cache, never the user's home.
     */
    public static BuiltinEmbedder load(Path nativeDir) throws CtxException {
        return load(nativeDir, Map.of());
    }

    /** Like {@link #load(Path)}; a {@code DJL_CACHE_DIR} the user set in {@code processEnv} is kept. */
    public static BuiltinEmbedder load(Path nativeDir, Map<String, String> processEnv) throws CtxException {
        return load(BuiltinModel.E5_SMALL_V2, nativeDir, processEnv);
    }

    /** Loads {@code model} from the class path, as {@link #load(Path, Map)} loads the default. */
    public static BuiltinEmbedder load(BuiltinModel model, Path nativeDir, Map<String, String> processEnv) throws CtxException {
        if (!available(model)) {
            throw CtxException.io("the builtin embedding model is not available on " + Natives.platform()
                    + " (this ctx build carries linux-x64 natives only); configure search.embeddings.provider: openai or none", null);
        }
        HuggingFaceTokenizer tokenizer = null;
        try {
            Natives.prepare(nativeDir, processEnv);
        } catch (IOException e) {
            throw CtxException.io("cannot put the embedding model's native libraries in " + nativeDir + ": " + oneLine(e), e);
        }
        try (InputStream onnx = open(model.onnx()); InputStream tok = open(model.tokenizer())) {
            Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
            tokenizer = HuggingFaceTokenizer.newInstance(tok, options);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            // Spinning worker threads burn the cores other processes (git, Lucene, a second ctx) need; on a
            // busy 2-core machine passages/s tripled without it.
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            so.setInterOpNumThreads(1);
            OrtSession session = env.createSession(onnx.readAllBytes(), so);
            return new BuiltinEmbedder(model, env, session, tokenizer);
        } catch (IOException | OrtException | RuntimeException | UnsatisfiedLinkError e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw CtxException.io("could not load the builtin embedding model: " + oneLine(e)
                    + " (check that " + nativeDir + " is writable)", e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = BuiltinEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " missing from the jar");
        }
        return in;
    }

    @Override
    public String modelId() {
        return model.id();
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) throws CtxException {
        return embed(texts, passagePrefix);
    }

    @Override
    public float[] embedQuery(String text) throws CtxException {
        return embed(List.of(text), queryPrefix).get(0);
    }

    /** One model input: a window of one text's tokens, with its owner and weight (token count). */
    private record Window(int owner, long[] ids) {
    }

    private List<float[]> embed(List<String> texts, long[] prefix) throws CtxException {
        List<Window> windows = new ArrayList<>();
        int room = MAX_TOKENS - 2 - prefix.length;
        for (int t = 0; t < texts.size(); t++) {
            long[] ids = tokenizer.encode(texts.get(t), false, false).getIds();
            int start = 0;
            do {
                int end = Math.min(ids.length, start + room);
                long[] w = new long[prefix.length + (end - start) + 2];
                w[0] = CLS;
                System.arraycopy(prefix, 0, w, 1, prefix.length);
                System.arraycopy(ids, start, w, 1 + prefix.length, end - start);
                w[w.length - 1] = SEP;
                windows.add(new Window(t, w));
                start = end;
            } while (start < ids.length);
        }
        windows.sort(Comparator.comparingInt((Window w) -> w.ids().length).reversed());
        float[][] sums = new float[texts.size()][DIMENSIONS];
        int from = 0;
        while (from < windows.size()) {
            int longest = windows.get(from).ids().length;
            int to = from + 1;
            while (to < windows.size() && to - from < BATCH && (to - from + 1) * longest <= Math.max(BATCH_TOKENS, longest)) {
                to++;
            }
            List<Window> batch = windows.subList(from, to);
            float[][] pooled = run(batch, longest);
            for (int i = 0; i < batch.size(); i++) {
                float weight = batch.get(i).ids().length;
                float[] sum = sums[batch.get(i).owner()];
                for (int d = 0; d < DIMENSIONS; d++) {
                    sum[d] += pooled[i][d] * weight;
                }
            }
            from = to;
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (float[] s : sums) {
            out.add(Vectors.normalize(s));
        }
        return out;
    }

    /** Runs one padded batch and mean-pools each row over its real tokens. */
    private float[][] run(List<Window> batch, int length) throws CtxException {
        int n = batch.size();
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        for (int i = 0; i < n; i++) {
            long[] w = batch.get(i).ids();
            System.arraycopy(w, 0, ids, i * length, w.length);
            Arrays.fill(mask, i * length, i * length + w.length, 1L);
        }
        long[] shape = {n, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] pooled = new float[n][DIMENSIONS];
                for (int i = 0; i < n; i++) {
                    if (model.clsPooling()) {
                        pooled[i] = hidden[i][0].clone();
                        continue;
                    }
                    int real = batch.get(i).ids().length;
                    for (int t = 0; t < real; t++) {
                        float[] h = hidden[i][t];
                        for (int d = 0; d < DIMENSIONS; d++) {
                            pooled[i][d] += h[d];
                        }
                    }
                    for (int d = 0; d < DIMENSIONS; d++) {
                        pooled[i][d] /= real;
                    }
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw CtxException.io("the builtin embedding model failed: " + oneLine(e), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing only frees native memory; nothing a caller could do about a failure.
        }
        tokenizer.close();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
    }

    /** Where the natives live in the jars, and how the tokenizer is kept out of the user's home. */
    static final class Natives {
        private Natives() {
        }

        static String platform() {
            return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        }

        /** ONNX Runtime's name for this platform ({@code linux-x64}), or null for one it does not ship. */
        static String ortPlatform() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            String ortOs = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : null;
            String ortArch = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
            return ortOs == null || ortArch == null ? null : ortOs + "-" + ortArch;
        }

        static boolean present() {
            String ort = ortPlatform();
            if (ort == null) {
                return false;
            }
            String djl = ort.replace("-x64", "-x86_64"); // DJL names the same platform differently
            ClassLoader cl = BuiltinEmbedder.class.getClassLoader();
            return cl.getResource("ai/onnxruntime/native/" + ort + "/" + System.mapLibraryName("onnxruntime")) != null
                    && cl.getResource("ai/onnxruntime/native/" + ort + "/" + System.mapLibraryName("onnxruntime4j_jni")) != null
                    && cl.getResource("native/lib/" + djl + "/cpu/" + System.mapLibraryName("tokenizers")) != null;
        }

        /**
         * DJL extracts its tokenizer library under {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}) and
         * would download missing natives: point it at ctx's cache and forbid downloads. System
         * properties are process-wide; an explicit setting by the user (environment or property) wins.
         */
        static void prepare(Path nativeDir, Map<String, String> env) throws IOException {
            if (env.get("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
                Files.createDirectories(nativeDir);
                System.setProperty("DJL_CACHE_DIR", nativeDir.toAbsolutePath().toString());
            }
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            if (System.getProperty("onnxruntime.native.path") == null) {
                System.setProperty("onnxruntime.native.path", onnxRuntime(nativeDir).toString());
            }
        }

        /**
         * ONNX Runtime would copy its 17 MB library into a fresh temp folder on every start and leave the
         * folder behind (it registers the folder for deletion before its files). Extracted once into
         * ctx's cache instead, by write-and-rename so concurrent first runs cannot see half a file; the
         * folder is named by the libraries' sizes, so another ONNX Runtime version gets its own.
         */
        private static Path onnxRuntime(Path nativeDir) throws IOException {
            String[] libs = {System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni")};
            String base = "ai/onnxruntime/native/" + ortPlatform() + "/";
            ClassLoader cl = BuiltinEmbedder.class.getClassLoader();
            StringBuilder tag = new StringBuilder("onnxruntime");
            for (String lib : libs) {
                tag.append('-').append(cl.getResource(base + lib).openConnection().getContentLengthLong());
            }
            Path dir = nativeDir.resolve(tag.toString());
            Files.createDirectories(dir);
            for (String lib : libs) {
                Path target = dir.resolve(lib);
                if (!Files.exists(target)) {
                    Path tmp = Files.createTempFile(dir, lib, ".tmp");
                    try (InputStream in = cl.getResourceAsStream(base + lib)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            return dir.toAbsolutePath();
        }
    }
}
