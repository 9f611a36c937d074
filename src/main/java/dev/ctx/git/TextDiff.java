package dev.ctx.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** A unified diff of two texts that are not in any repository (a configuration file before and after an edit). */
public final class TextDiff {
    private TextDiff() {
    }

    /** {@code before} or {@code after} null means the file does not exist on that side. */
    public static String unified(String label, String before, String after) {
        RawText a = new RawText((before == null ? "" : before).getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText((after == null ? "" : after).getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM).diff(RawTextComparator.DEFAULT, a, b);
        if (edits.isEmpty()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter f = new DiffFormatter(out)) {
            f.format(edits, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "--- " + (before == null ? "/dev/null" : "a/" + label) + "\n+++ " + (after == null ? "/dev/null" : "b/" + label) + "\n"
                + out.toString(StandardCharsets.UTF_8);
    }
}
