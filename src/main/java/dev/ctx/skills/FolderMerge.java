package dev.ctx.skills;

import dev.ctx.git.MarkedMerge;
import dev.ctx.model.FileContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The three-way merge of a skill folder, file by file: upstream's change from {@code base} (the commit the
 * skill was installed from) to {@code theirs} applied over the local {@code ours}. A file changed on one side
 * takes that side (bytes and mode); changed on both, git's line merge ({@link MarkedMerge}) keeps both sides of
 * any clash between markers; a binary file changed on both sides keeps the local file (markers have no place in
 * an image) and is named in a note; deleted on one side and edited on the other, the edited file stays and it
 * counts as a conflict. Without a base (a folder outside git keeps no history), only files changed on one side merge.
 */
final class FolderMerge {
    private FolderMerge() {
    }

    /** The folder after the merge (relative path to file; empty: deleted), the files that conflicted, and what to tell of them. */
    record Result(Map<String, Optional<FileContent>> files, List<String> conflicts, List<String> notes) {
    }

    static Result merge(Map<String, FileContent> base, Map<String, FileContent> ours, Map<String, FileContent> theirs, String theirsLabel) {
        TreeSet<String> paths = new TreeSet<>(ours.keySet());
        paths.addAll(theirs.keySet());
        if (base != null) {
            paths.addAll(base.keySet());
        }
        Map<String, Optional<FileContent>> out = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String p : paths) {
            FileContent o = ours.get(p);
            FileContent t = theirs.get(p);
            FileContent b = base == null ? null : base.get(p);
            FileContent merged;
            if (Objects.equals(o, t)) {
                merged = o;
            } else if (base != null && Objects.equals(o, b)) {
                merged = t;
            } else if (base != null && Objects.equals(t, b)) {
                merged = o;
            } else if (o != null && t != null) {
                merged = both(p, b, o, t, theirsLabel, conflicts, notes);
            } else {
                merged = o != null ? o : t; // deleted on one side, changed on the other: keep the file, report it
                conflicts.add(p);
            }
            out.put(p, Optional.ofNullable(merged));
        }
        return new Result(out, conflicts, notes);
    }

    /** A file present and changed on both sides: a line merge of text, the local file for anything binary. */
    private static FileContent both(String p, FileContent b, FileContent o, FileContent t, String theirsLabel, List<String> conflicts, List<String> notes) {
        // The mode follows whichever side changed it (both changing it the same way agree).
        boolean exec = b != null && o.executable() == b.executable() ? t.executable() : o.executable();
        String ot = o.textOrNull();
        String tt = t.textOrNull();
        String bt = b == null ? "" : b.textOrNull();
        if (java.util.Arrays.equals(o.bytes(), t.bytes())) {
            return o.withExecutable(exec); // only the mode differs
        }
        if (ot == null || tt == null || bt == null) {
            conflicts.add(p);
            notes.add(p + " is binary and changed on both sides: the local file is kept; upstream's is " + p + " at " + theirsLabel);
            return o;
        }
        MarkedMerge.Result m = MarkedMerge.merge(bt, ot, tt, "local", theirsLabel);
        if (m.conflict()) {
            conflicts.add(p);
        }
        return FileContent.text(m.text()).withExecutable(exec);
    }
}
