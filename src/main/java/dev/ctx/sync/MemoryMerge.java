package dev.ctx.sync;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.FrontMatter;
import dev.ctx.git.MergeChunks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The three-way merge of one memory file that knows what memory files are: front-matter keys merge one by
 * one (a list such as {@code tags} as a set), and the body is a list of facts, so lines both sides add at
 * one place are both kept (one copy when they are the same fact), a line one side deletes stays deleted,
 * and only a line both sides rewrote differently is a conflict. A conflict keeps both sides in the file
 * (markers in the body, a comment in the front-matter) and is reported, for a person to settle with
 * {@code ctx resolve}. Pure: no git, no files.
 */
public final class MemoryMerge {
    /** Opens the local side of a body conflict; {@link ConflictMarkers} reads these back. */
    static final String LOCAL_MARK = "<<<<<<< this clone";
    static final String MIDDLE_MARK = "=======";
    static final String REMOTE_MARK = ">>>>>>> ";
    /** Prefixes the local value of a front-matter key both sides set differently (the remote's value stays active). */
    static final String KEY_MARK = "# ctx-sync-conflict (this clone): ";

    /** The merged text (null: the file is deleted) and a description of each conflict left in it. */
    public record Result(String text, List<String> conflicts) {
        public Result {
            conflicts = List.copyOf(conflicts);
        }

        public boolean clean() {
            return conflicts.isEmpty();
        }
    }

    private MemoryMerge() {
    }

    /**
     * Merges the change from {@code base} to {@code local} into {@code remote}; null means absent. A file one
     * side deleted and the other changed is kept with the change: deleting is never allowed to lose a fact.
     */
    public static Result merge(String path, String base, String local, String remote, String remoteName) {
        if (Objects.equals(local, remote) || Objects.equals(local, base)) {
            return new Result(remote, List.of());
        }
        if (Objects.equals(remote, base)) {
            return new Result(local, List.of());
        }
        if (local == null) {
            return new Result(remote, List.of());
        }
        if (remote == null) {
            return new Result(local, List.of());
        }
        String b = base == null ? "" : base;
        if (path.endsWith(".md")) {
            try {
                return document(Document.parse(b), Document.parse(local), Document.parse(remote), remoteName);
            } catch (FormatException e) {
                // a side whose front-matter does not parse is merged as plain text, so nothing of it is dropped
            }
        }
        List<String> conflicts = new ArrayList<>();
        String text = body(b, local, remote, remoteName, conflicts, 0);
        return new Result(text, conflicts);
    }

    private static Result document(Document base, Document local, Document remote, String remoteName) {
        List<String> conflicts = new ArrayList<>();
        String fm = frontMatter(base.frontMatter(), local.frontMatter(), remote.frontMatter(), conflicts);
        boolean hasFm = !fm.isEmpty() || local.hasFrontMatter() || remote.hasFrontMatter();
        int offset = hasFm ? Lines.split(fm).size() + 2 : 0;
        String body = body(base.body(), local.body(), remote.body(), remoteName, conflicts, offset);
        String text = hasFm ? Document.DELIMITER + "\n" + fm + Document.DELIMITER + "\n" + body : body;
        return new Result(text, conflicts);
    }

    /** Key by key, in the remote's order with keys new on this side after them; each entry keeps its own text. */
    private static String frontMatter(FrontMatter base, FrontMatter local, FrontMatter remote, List<String> conflicts) {
        Map<String, String> b = raws(base);
        Map<String, String> l = raws(local);
        Map<String, String> r = raws(remote);
        Set<String> keys = new LinkedHashSet<>(r.keySet());
        keys.addAll(l.keySet());
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            String bk = b.get(k);
            String lk = l.get(k);
            String rk = r.get(k);
            String chosen;
            if (Objects.equals(lk, rk) || Objects.equals(lk, bk)) {
                chosen = rk;
            } else if (Objects.equals(rk, bk)) {
                chosen = lk;
            } else if (lk == null || rk == null) {
                chosen = lk == null ? rk : lk; // removed on one side, changed on the other: keep the value
            } else if (local.get(k) instanceof List<?> ll && remote.get(k) instanceof List<?> rl) {
                chosen = unionList(k, base.get(k), ll, rl);
            } else {
                chosen = commented(lk) + rk;
                conflicts.add("front-matter key '" + k + "' (the remote's value is active, this clone's is the comment above it)");
            }
            if (chosen != null) {
                sb.append(Lines.withNewline(chosen));
            }
        }
        return sb.toString();
    }

    private static String unionList(String key, Object base, List<?> local, List<?> remote) {
        List<Object> out = new ArrayList<>(remote);
        List<?> before = base instanceof List<?> bl ? bl : List.of();
        out.removeIf(v -> before.contains(v) && !local.contains(v));
        for (Object v : local) {
            if (!out.contains(v) && !before.contains(v)) {
                out.add(v);
            }
        }
        return FrontMatter.empty().with(key, out).entries().get(0).raw();
    }

    private static String commented(String raw) {
        StringBuilder sb = new StringBuilder();
        for (String line : Lines.split(raw)) {
            sb.append(KEY_MARK).append(Lines.withNewline(line));
        }
        return sb.toString();
    }

    private static Map<String, String> raws(FrontMatter fm) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FrontMatter.Entry e : fm.entries()) {
            out.put(e.key(), e.raw());
        }
        return out;
    }

    /** The body as a list of facts; {@code firstLine} is how many lines come before it, for reporting. */
    private static String body(String base, String local, String remote, String remoteName, List<String> conflicts, int firstLine) {
        StringBuilder sb = new StringBuilder();
        for (MergeChunks.Chunk c : MergeChunks.merge(base, local, remote)) {
            if (c instanceof MergeChunks.Agreed a) {
                Lines.append(sb, a.lines());
            } else if (c instanceof MergeChunks.Conflict x) {
                List<String> settled = settle(x.base(), x.ours(), x.theirs());
                if (settled != null) {
                    Lines.append(sb, settled);
                } else {
                    int line = firstLine + Lines.split(sb.toString()).size() + 1;
                    List<String> marked = new ArrayList<>();
                    marked.add(LOCAL_MARK + "\n");
                    x.ours().forEach(s -> marked.add(Lines.withNewline(s)));
                    marked.add(MIDDLE_MARK + "\n");
                    x.theirs().forEach(s -> marked.add(Lines.withNewline(s)));
                    marked.add(REMOTE_MARK + remoteName + "\n");
                    Lines.append(sb, marked);
                    conflicts.add("line " + line + " (both sides rewrote the same lines)");
                }
            }
        }
        return sb.toString();
    }

    /**
     * Settles a region both sides changed, treating each line as a fact: the remote's lines, less the ones
     * this side deleted, then this side's new lines the remote does not have. Null when a line was rewritten
     * differently on both sides (each deleted it and each added something else): that needs a person.
     */
    static List<String> settle(List<String> base, List<String> local, List<String> remote) {
        Set<String> b = contents(base);
        Set<String> l = contents(local);
        Set<String> r = contents(remote);
        Set<String> deletedHere = new LinkedHashSet<>(b);
        deletedHere.removeAll(l);
        Set<String> deletedThere = new LinkedHashSet<>(b);
        deletedThere.removeAll(r);
        Set<String> addedHere = new LinkedHashSet<>(l);
        addedHere.removeAll(b);
        Set<String> addedThere = new LinkedHashSet<>(r);
        addedThere.removeAll(b);
        Set<String> rewrittenBoth = new LinkedHashSet<>(deletedHere);
        rewrittenBoth.retainAll(deletedThere);
        if (!rewrittenBoth.isEmpty() && !addedHere.isEmpty() && !addedThere.isEmpty() && !addedHere.equals(addedThere)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String line : remote) {
            if (!deletedHere.contains(Lines.content(line))) {
                out.add(line);
            }
        }
        for (String line : local) {
            String c = Lines.content(line);
            if (!b.contains(c) && (c.isBlank() || !r.contains(c))) {
                out.add(line);
            }
        }
        return out;
    }

    private static Set<String> contents(List<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        for (String l : lines) {
            if (!Lines.content(l).isBlank()) {
                out.add(Lines.content(l));
            }
        }
        return out;
    }
}
