package dev.ctx.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Facts as a reviewer counts them: the non-blank lines of a memory body (list items without their
 * marker, plain lines), excluding headings, code fences and rules. Also the token similarity used to
 * spot near-duplicates.
 */
public final class Facts {
    private static final Pattern MARKER = Pattern.compile("^\\s*(?:[-*+]|\\d+[.)])\\s+(?:\\[[ xX]]\\s+)?");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are",
            "be", "it", "this", "that", "as", "at", "by", "we", "our", "use", "uses", "using", "when", "from", "not", "do", "does");

    private Facts() {
    }

    /** The facts of a body, normalized, in order (repeats kept). */
    public static List<String> of(String body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        boolean fence = false;
        for (String raw : body.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```") || line.startsWith("~~~")) {
                fence = !fence;
                continue;
            }
            if (line.isEmpty() || (!fence && (line.startsWith("#") || line.matches("[-*_=\\s|:]{3,}")))) {
                continue;
            }
            String fact = normalize(line);
            if (!fact.isEmpty()) {
                out.add(fact);
            }
        }
        return out;
    }

    /** A line without its list marker or checkbox, whitespace collapsed. */
    public static String normalize(String line) {
        return MARKER.matcher(line).replaceFirst("").replaceAll("\\s+", " ").strip();
    }

    /** {@code a} minus {@code b} as multisets, in the order of {@code a}: a fact moved within a file is neither added nor removed. */
    public static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        for (String s : b) {
            counts.merge(s, 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (String s : a) {
            Integer n = counts.get(s);
            if (n != null && n > 0) {
                counts.put(s, n - 1);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Lower-case word tokens without common stop words. */
    public static Set<String> tokens(String fact) {
        Set<String> out = new HashSet<>();
        for (String t : NOT_WORD.split(fact.toLowerCase(Locale.ROOT))) {
            if (t.length() > 1 && !STOP.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Similarity of two token sets in 0..1: the mean of their Jaccard index and their containment (shared
     * tokens over the smaller set), so a fact restated with a few words more ("build with mvn verify" and
     * "build with mvn verify before pushing") scores high while facts merely on the same topic do not.
     */
    public static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String t : a) {
            if (b.contains(t)) {
                common++;
            }
        }
        double jaccard = (double) common / (a.size() + b.size() - common);
        double containment = (double) common / Math.min(a.size(), b.size());
        return (jaccard + containment) / 2;
    }

    /**
     * Whether two facts say the same thing about the same subject but for one key term each ("validates
     * input with Joi" and "validates input with Zod"): exactly one token on each side differs and at least
     * three are shared. Such a pair is more likely a contradiction than a duplicate.
     */
    public static boolean oneTermSwapped(Set<String> a, Set<String> b) {
        Set<String> onlyA = new java.util.HashSet<>(a);
        onlyA.removeAll(b);
        Set<String> onlyB = new java.util.HashSet<>(b);
        onlyB.removeAll(a);
        return onlyA.size() == 1 && onlyB.size() == 1 && a.size() - 1 >= 3;
    }
}
