package dev.ctx.index;

import dev.ctx.model.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes a ranked list readable without reordering it: a hit whose text nearly repeats a better one (the
 * same turn quoted in a summary, a fact copied into two files) is dropped, and at most {@code perFile}
 * hits come from one file, so one long session cannot fill the page.
 */
public final class HitShaping {
    /** Share of words two snippets must have in common to count as the same text. */
    static final double NEAR_DUPLICATE = 0.9;

    private HitShaping() {
    }

    /** {@code perFile} 0: no limit per file. Keeps the order; returns at most {@code k} hits. */
    public static List<SearchHit> shape(List<SearchHit> ranked, int perFile, int k) {
        List<SearchHit> out = new ArrayList<>();
        List<Set<String>> kept = new ArrayList<>();
        Map<String, Integer> perPath = new HashMap<>();
        for (SearchHit h : ranked) {
            if (out.size() == k) {
                break;
            }
            if (perFile > 0 && perPath.getOrDefault(h.path(), 0) >= perFile) {
                continue;
            }
            Set<String> words = words(h.snippet());
            if (kept.stream().anyMatch(w -> similar(w, words))) {
                continue;
            }
            out.add(h);
            kept.add(words);
            perPath.merge(h.path(), 1, Integer::sum);
        }
        return out;
    }

    private static Set<String> words(String s) {
        String t = s == null ? "" : s.toLowerCase(Locale.ROOT).replace("…", " ");
        Set<String> out = new HashSet<>(Arrays.asList(t.split("[^\\p{L}\\p{N}]+")));
        out.remove("");
        return out;
    }

    private static boolean similar(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.equals(b);
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / Math.max(a.size(), b.size()) >= NEAR_DUPLICATE;
    }
}
