import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.*;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.*;
import java.util.*;

/** Same tokenizer, runtime, session options and pooling for each model: only the model differs. */
public class ModelCompare {
    public static void main(String[] a) throws Exception {
        String name = a[0];
        System.setProperty("DJL_CACHE_DIR", a[1]);
        System.setProperty("ai.djl.offline", "true");
        long t0 = System.nanoTime();
        HuggingFaceTokenizer tok;
        OrtSession s;
        ClassLoader cl = ModelCompare.class.getClassLoader();
        try (InputStream m = cl.getResourceAsStream(name + ".onnx"); InputStream t = cl.getResourceAsStream(name + "-tokenizer.json")) {
            tok = HuggingFaceTokenizer.newInstance(t, Map.of("truncation", "true", "maxLength", "512"));
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(2);
            so.setInterOpNumThreads(1);
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            s = OrtEnvironment.getEnvironment().createSession(m.readAllBytes(), so);
        }
        double load = (System.nanoTime() - t0) / 1e6;
        List<String> qs = EmbedProbe.chunks(120, 9, 7);
        double[] ms = new double[100];
        for (int i = 0; i < 120; i++) {
            long st = System.nanoTime();
            run(s, tok, List.of("query: " + qs.get(i)));
            if (i >= 20) ms[i - 20] = (System.nanoTime() - st) / 1e6;
        }
        Arrays.sort(ms);
        List<String> ps = EmbedProbe.chunks(128, 80, 11);
        t0 = System.nanoTime();
        for (int i = 0; i < ps.size(); i += 16) run(s, tok, ps.subList(i, i + 16));
        double pps = ps.size() / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("%s load_ms=%.0f query_p50_ms=%.1f query_p90_ms=%.1f passages80w_per_s=%.1f%n", name, load, ms[50], ms[90], pps);
    }

    static void run(OrtSession s, HuggingFaceTokenizer tok, List<String> texts) throws Exception {
        var enc = tok.batchEncode(texts);
        int n = enc.length, len = 0;
        for (var e : enc) len = Math.max(len, e.getIds().length);
        long[] ids = new long[n * len], mask = new long[n * len];
        for (int i = 0; i < n; i++) {
            long[] x = enc[i].getIds();
            System.arraycopy(x, 0, ids, i * len, x.length);
            Arrays.fill(mask, i * len, i * len + x.length, 1);
        }
        var env = OrtEnvironment.getEnvironment();
        long[] shape = {n, len};
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
        in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        if (s.getInputNames().contains("token_type_ids")) in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
        try (var r = s.run(in)) { r.get(0).getValue(); }
        in.values().forEach(OnnxTensor::close);
    }
}
