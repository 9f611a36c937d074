package dev.ctx.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;

/**
 * git's own three-way text merge (JGit's {@link MergeAlgorithm} over histogram diff, {@link MergeFormatter} for
 * the result): where both sides changed the same lines, both are kept between {@code <<<<<<<}, {@code =======}
 * and {@code >>>>>>>} markers labelled with the given names, as a person resolving a git merge expects.
 */
public final class MarkedMerge {
    private static final MergeAlgorithm MERGE = new MergeAlgorithm(DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM));

    private MarkedMerge() {
    }

    /** The merged text, and whether it holds conflict markers. */
    public record Result(String text, boolean conflict) {
    }

    public static Result merge(String base, String ours, String theirs, String oursName, String theirsName) {
        MergeResult<RawText> r = MERGE.merge(RawTextComparator.DEFAULT, raw(base), raw(ours), raw(theirs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MergeFormatter().formatMerge(out, r, List.of("base", oursName, theirsName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new Result(out.toString(StandardCharsets.UTF_8), r.containsConflicts());
    }

    private static RawText raw(String s) {
        return new RawText(s.getBytes(StandardCharsets.UTF_8));
    }
}
