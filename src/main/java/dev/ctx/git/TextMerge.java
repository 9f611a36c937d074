package dev.ctx.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/** Line-based text algorithms on strings: JGit's three-way content merge and unified diff hunks. */
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
     * Merges the change from {@code base} to {@code theirs} into {@code ours}. With {@code preferTheirs},
     * a conflicting hunk takes the text of theirs instead of failing (the merge still reports it).
     */
    public static Merged merge3(String base, String ours, String theirs, boolean preferTheirs) {
        RawText b = raw(base);
        RawText o = raw(ours);
        RawText t = raw(theirs);
        MergeResult<RawText> r = new MergeAlgorithm(HISTOGRAM).merge(RawTextComparator.DEFAULT, b, o, t);
        StringBuilder sb = new StringBuilder();
        List<LineRange> conflicts = new ArrayList<>();
        for (MergeChunk chunk : r) {
            RawText seq = r.getSequences().get(chunk.getSequenceIndex());
            MergeChunk.ConflictState state = chunk.getConflictState();
            boolean take;
            if (state == MergeChunk.ConflictState.NO_CONFLICT) {
                take = true;
            } else {
                if (chunk.getSequenceIndex() == 1) {
                    conflicts.add(new LineRange(chunk.getBegin() + 1, chunk.getEnd()));
                }
                take = preferTheirs && chunk.getSequenceIndex() == 2;
            }
            if (take && chunk.getEnd() > chunk.getBegin()) {
                sb.append(seq.getString(chunk.getBegin(), chunk.getEnd(), false));
            }
        }
        return new Merged(sb.toString(), r.containsConflicts(), conflicts);
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
