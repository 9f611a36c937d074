package dev.ctx.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** Line-based text algorithms on strings, over JGit's histogram diff: a three-way merge for reverts and unified diff hunks. */
public final class TextMerge {
    private static final DiffAlgorithm HISTOGRAM = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

    private TextMerge() {
    }

    /**
     * The outcome of a three-way merge: the merged text when clean, and for a conflict the 1-based line
     * ranges of "ours" that the conflicting hunks cover (empty ranges mark a conflict at a point).
     */
    public record Merged(String text, boolean conflict, List<LineRange> oursConflicts) {
        public Merged {
            oursConflicts = List.copyOf(oursConflicts);
        }
    }

    /** Lines {@code from} (1-based, inclusive) to {@code to} (inclusive); {@code to < from} is an empty range before {@code from}. */
    public record LineRange(int from, int to) {
    }

    /**
     * Merges the change from {@code base} to {@code theirs} into {@code ours}, line by line. Unlike git's
     * merge, edits that only touch (a line appended right after a line the other side deletes) are not a
     * conflict: memory files are lists of independent facts, and an append next to an undone fact is the
     * everyday case. Edits to the same base lines, or insertions at the same point, still conflict. With
     * {@code preferTheirs}, a conflicting region takes the text of theirs instead (and is still reported).
     */
    public static Merged merge3(String base, String ours, String theirs, boolean preferTheirs) {
        RawText b = raw(base);
        RawText o = raw(ours);
        RawText t = raw(theirs);
        List<Side> edits = new ArrayList<>();
        for (Edit e : HISTOGRAM.diff(RawTextComparator.DEFAULT, b, o)) {
            edits.add(new Side(e, o, true));
        }
        for (Edit e : HISTOGRAM.diff(RawTextComparator.DEFAULT, b, t)) {
            edits.add(new Side(e, t, false));
        }
        edits.sort((x, y) -> x.e.getBeginA() != y.e.getBeginA() ? Integer.compare(x.e.getBeginA(), y.e.getBeginA())
                : Integer.compare(x.e.getEndA(), y.e.getEndA()));
        StringBuilder sb = new StringBuilder();
        List<LineRange> conflicts = new ArrayList<>();
        int pos = 0;
        int oursShift = 0;
        int i = 0;
        while (i < edits.size()) {
            List<Side> group = new ArrayList<>();
            group.add(edits.get(i++));
            while (i < edits.size() && overlapsAny(edits.get(i), group)) {
                group.add(edits.get(i++));
            }
            int g0 = group.stream().mapToInt(x -> x.e.getBeginA()).min().orElseThrow();
            int g1 = group.stream().mapToInt(x -> x.e.getEndA()).max().orElseThrow();
            append(sb, b, pos, g0);
            String mine = version(b, g0, g1, group, true);
            String other = version(b, g0, g1, group, false);
            boolean both = group.stream().anyMatch(x -> x.ours) && group.stream().anyMatch(x -> !x.ours);
            if (both && !mine.equals(other)) {
                int from = g0 + oursShift + 1;
                conflicts.add(new LineRange(from, from + lines(mine) - 1));
                sb.append(preferTheirs ? other : mine);
            } else {
                sb.append(group.stream().anyMatch(x -> x.ours) ? mine : other);
            }
            oursShift += lines(mine) - (g1 - g0);
            pos = g1;
        }
        append(sb, b, pos, b.size());
        return new Merged(sb.toString(), !conflicts.isEmpty(), conflicts);
    }

    /** One side's edit of the base: its replacement lines come from {@code text}. */
    private record Side(Edit e, RawText text, boolean ours) {
    }

    private static boolean overlapsAny(Side x, List<Side> group) {
        for (Side y : group) {
            if (x.ours != y.ours && overlap(x.e, y.e)) {
                return true;
            }
        }
        return false;
    }

    /** Whether two edits of the base collide: shared base lines, an insertion strictly inside the other's lines, or two insertions at one point. */
    private static boolean overlap(Edit x, Edit y) {
        boolean xi = x.getBeginA() == x.getEndA();
        boolean yi = y.getBeginA() == y.getEndA();
        if (xi && yi) {
            return x.getBeginA() == y.getBeginA();
        }
        if (xi) {
            return y.getBeginA() < x.getBeginA() && x.getBeginA() < y.getEndA();
        }
        if (yi) {
            return x.getBeginA() < y.getBeginA() && y.getBeginA() < x.getEndA();
        }
        return x.getBeginA() < y.getEndA() && y.getBeginA() < x.getEndA();
    }

    /** Base lines {@code g0..g1} with one side's edits of that region applied. */
    private static String version(RawText base, int g0, int g1, List<Side> group, boolean ours) {
        StringBuilder sb = new StringBuilder();
        int pos = g0;
        for (Side s : group) {
            if (s.ours != ours) {
                continue;
            }
            append(sb, base, pos, s.e.getBeginA());
            append(sb, s.text, s.e.getBeginB(), s.e.getEndB());
            pos = s.e.getEndA();
        }
        append(sb, base, pos, g1);
        return sb.toString();
    }

    private static void append(StringBuilder sb, RawText text, int from, int to) {
        if (to > from) {
            sb.append(text.getString(from, to, false));
        }
    }

    private static int lines(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return s.endsWith("\n") ? n : n + 1;
    }

    /** Unified diff hunks (the "@@" blocks, no file header) from {@code a} to {@code b}; empty when equal. */
    public static String unified(String a, String b, int context) {
        RawText ra = raw(a);
        RawText rb = raw(b);
        EditList edits = HISTOGRAM.diff(RawTextComparator.DEFAULT, ra, rb);
        if (edits.isEmpty()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter f = new DiffFormatter(out)) {
            f.setContext(context);
            f.format(edits, ra, rb);
            f.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RawText raw(String s) {
        return new RawText(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }
}
