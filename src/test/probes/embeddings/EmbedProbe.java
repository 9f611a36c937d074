import dev.ctx.format.CtxConfig;
import dev.ctx.index.Embedder;
import dev.ctx.index.embed.BuiltinEmbedder;
import dev.ctx.index.embed.Embedders;
import java.nio.file.Path;
import java.util.*;

public class EmbedProbe {
    static List<String> chunks(int n, int words, long seed) {
        String[] vocab = ("the build uses maven and lucene for search while agents write memory files in git with commits "
            + "skills about deploys tests billing invoices postgres kubernetes staging release checklist owner decided "
            + "because latency budget cache index rebuild query vector hybrid fusion rank session transcript user prefers").split(" ");
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < words; j++) sb.append(vocab[r.nextInt(vocab.length)]).append(j % 12 == 11 ? ". " : " ");
            out.add(sb.toString());
        }
        return out;
    }

    public static void main(String[] a) throws Exception {
        Path cache = Path.of(a[1]);
        if (a[0].equals("model")) {
            long t0 = System.nanoTime();
            try (BuiltinEmbedder m = BuiltinEmbedder.load(cache.resolve("natives"))) {
                long load = System.nanoTime() - t0;
                t0 = System.nanoTime();
                m.embedQuery("first query after load");
                long first = System.nanoTime() - t0;
                List<String> qs = chunks(120, 9, 7);
                double[] ms = new double[100];
                for (int i = 0; i < 120; i++) {
                    long s = System.nanoTime();
                    m.embedQuery(qs.get(i));
                    if (i >= 20) ms[i - 20] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                List<String> ps = chunks(128, 80, 11);
                m.embedPassages(ps.subList(0, 16));
                t0 = System.nanoTime();
                for (int i = 0; i < ps.size(); i += 64) m.embedPassages(ps.subList(i, i + 64));
                double pps = ps.size() / ((System.nanoTime() - t0) / 1e9);
                List<String> turns = chunks(128, 20, 13);
                t0 = System.nanoTime();
                for (int i = 0; i < turns.size(); i += 64) m.embedPassages(turns.subList(i, i + 64));
                double tps = turns.size() / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("load_ms=%.0f first_query_ms=%.1f query_p50_ms=%.1f query_p90_ms=%.1f passages80w_per_s=%.1f turns20w_per_s=%.1f%n",
                    load / 1e6, first / 1e6, ms[50], ms[90], pps, tps);
            }
        } else if (a[0].equals("cache")) {
            long t0 = System.nanoTime();
            try (Embedder e = Embedders.fromConfig(CtxConfig.defaults(), cache, System.getenv()).orElseThrow()) {
                List<float[]> vs = e.embedPassages(chunks(256, 80, 21));
                System.out.printf("embedPassages(256)_ms=%.0f hits=%d misses=%d%n", (System.nanoTime() - t0) / 1e6,
                    ((dev.ctx.index.embed.CachingEmbedder) e).hits(), ((dev.ctx.index.embed.CachingEmbedder) e).misses());
            }
        } else {
            long t0 = System.nanoTime();
            Embedder e = Embedders.fromConfig(CtxConfig.defaults(), cache, System.getenv()).orElseThrow();
            float[] v = e.embedQuery(a.length > 2 ? a[2] : "which database does billing use?");
            System.out.printf("in_process_ms=%.0f dims=%d%n", (System.nanoTime() - t0) / 1e6, v.length);
            e.close();
        }
    }
}
