package dev.ctx.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recall sums of one group of questions (bench/locomo/README.md's metric): recall@k is the share of a
 * question's gold units among the first k hits, any@k whether one of them is there, MRR by the first found.
 * Hits up to 10 come from the answer a user asking for 10 gets, hits to 25 from asking for 25.
 */
final class Tally {
    static final int[] KS = {1, 5, 10, 25};

    int n;
    final double[] recall = new double[KS.length];
    final double[] any = new double[KS.length];
    double mrr;

    void add(Set<String> gold, List<String> top10, List<String> top25) {
        n++;
        for (int i = 0; i < KS.length; i++) {
            int k = KS[i];
            List<String> ranked = k <= 10 ? top10 : top25;
            long found = ranked.stream().limit(k).filter(gold::contains).distinct().count();
            recall[i] += (double) found / gold.size();
            any[i] += found > 0 ? 1 : 0;
        }
        for (int r = 0; r < top25.size(); r++) {
            if (gold.contains(top25.get(r))) {
                mrr += 1.0 / (r + 1);
                break;
            }
        }
    }

    double r(int i) {
        return n == 0 ? 0 : 100 * recall[i] / n;
    }

    double any(int i) {
        return n == 0 ? 0 : 100 * any[i] / n;
    }

    double mrr() {
        return n == 0 ? 0 : mrr / n;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        for (int i = 0; i < KS.length; i++) {
            m.put("r@" + KS[i], round(r(i)));
        }
        for (int i = 0; i < KS.length; i++) {
            m.put("any@" + KS[i], round(any(i)));
        }
        m.put("mrr", round(mrr()));
        return m;
    }

    static String header() {
        return String.format(java.util.Locale.ROOT, "%-14s %5s %6s %6s %6s %6s %6s %6s %6s %6s %6s",
                "group", "n", "R@1", "R@5", "R@10", "R@25", "any@1", "any@5", "any@10", "any@25", "MRR");
    }

    String row(String name) {
        return String.format(java.util.Locale.ROOT, "%-14s %5d %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %6.3f", name, n,
                r(0), r(1), r(2), r(3), any(0), any(1), any(2), any(3), mrr());
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
