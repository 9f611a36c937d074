package dev.ctx.skills;

import dev.ctx.git.MarkedMerge;
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
 * takes that side; changed on both, git's line merge ({@link MarkedMerge}) keeps both sides of any clash between
 * markers; deleted on one side and edited on the other, the edited text stays and it counts as a conflict.
 * Without a base (a folder outside git keeps no history), only files changed on one side merge.
 */
final class FolderMerge {
    private FolderMerge() {
    }

    /** The folder after the merge (relative path to text; empty: deleted) and the files that conflicted. */
    record Result(Map<String, Optional<String>> files, List<String> conflicts) {
    }

    static Result merge(Map<String, String> base, Map<String, String> ours, Map<String, String> theirs, String theirsLabel) {
        TreeSet<String> paths = new TreeSet<>(ours.keySet());
        paths.addAll(theirs.keySet());
        if (base != null) {
            paths.addAll(base.keySet());
        }
        Map<String, Optional<String>> out = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (String p : paths) {
            String o = ours.get(p);
            String t = theirs.get(p);
            String b = base == null ? null : base.get(p);
            String merged;
            if (Objects.equals(o, t)) {
                merged = o;
            } else if (base != null && Objects.equals(o, b)) {
                merged = t;
            } else if (base != null && Objects.equals(t, b)) {
                merged = o;
            } else if (o != null && t != null) {
                MarkedMerge.Result m = MarkedMerge.merge(b == null ? "" : b, o, t, "local", theirsLabel);
                merged = m.text();
                if (m.conflict()) {
                    conflicts.add(p);
                }
            } else {
                merged = o != null ? o : t; // deleted on one side, changed on the other: keep the text, report it
                conflicts.add(p);
            }
            out.put(p, Optional.ofNullable(merged));
        }
        return new Result(out, conflicts);
    }
}
