package dev.ctx.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/**
 * git's three-way line merge (JGit's MergeAlgorithm over the histogram diff), handed back as chunks so
 * the caller can settle the regions git would mark as conflicts with its own rules instead of markers.
 */
public final class MergeChunks {
    private static final MergeAlgorithm MERGE = new MergeAlgorithm(DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM));

    private MergeChunks() {
    }

    /** A region of the result: lines both sides agree on, or a conflict with each side's lines (and the base's). */
    public sealed interface Chunk permits Agreed, Conflict {
    }

    /** Lines taken as they are; each line keeps its newline (the last may lack one). */
    public record Agreed(List<String> lines) implements Chunk {
        public Agreed {
            lines = List.copyOf(lines);
        }
    }

    public record Conflict(List<String> base, List<String> ours, List<String> theirs) implements Chunk {
        public Conflict {
            base = List.copyOf(base);
            ours = List.copyOf(ours);
            theirs = List.copyOf(theirs);
        }
    }

    public static List<Chunk> merge(String base, String ours, String theirs) {
        RawText b = raw(base);
        RawText o = raw(ours);
        RawText t = raw(theirs);
        MergeResult<RawText> r = MERGE.merge(RawTextComparator.DEFAULT, b, o, t);
        List<RawText> seqs = r.getSequences();
        List<Chunk> out = new ArrayList<>();
        List<String> agreed = new ArrayList<>();
        List<List<String>> sides = null;
        for (MergeChunk c : r) {
            List<String> lines = lines(seqs.get(c.getSequenceIndex()), c.getBegin(), c.getEnd());
            switch (c.getConflictState()) {
                case NO_CONFLICT -> {
                    if (sides != null) {
                        out.add(new Conflict(sides.get(0), sides.get(1), sides.get(2)));
                        sides = null;
                    }
                    agreed.addAll(lines);
                }
                case BASE_CONFLICTING_RANGE, FIRST_CONFLICTING_RANGE -> {
                    if (!agreed.isEmpty()) {
                        out.add(new Agreed(agreed));
                        agreed = new ArrayList<>();
                    }
                    if (sides == null || (c.getConflictState() == MergeChunk.ConflictState.FIRST_CONFLICTING_RANGE && !sides.get(1).isEmpty())
                            || (c.getConflictState() == MergeChunk.ConflictState.BASE_CONFLICTING_RANGE && !sides.get(2).isEmpty())) {
                        if (sides != null) {
                            out.add(new Conflict(sides.get(0), sides.get(1), sides.get(2)));
                        }
                        sides = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    }
                    sides.get(c.getSequenceIndex()).addAll(lines);
                }
                case NEXT_CONFLICTING_RANGE -> {
                    if (sides == null) {
                        sides = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    }
                    sides.get(c.getSequenceIndex()).addAll(lines);
                }
            }
        }
        if (sides != null) {
            out.add(new Conflict(sides.get(0), sides.get(1), sides.get(2)));
        }
        if (!agreed.isEmpty()) {
            out.add(new Agreed(agreed));
        }
        return out;
    }

    private static List<String> lines(RawText text, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String line = text.getString(i, i + 1, false);
            out.add(line);
        }
        return out;
    }

    private static RawText raw(String s) {
        return new RawText(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }
}
