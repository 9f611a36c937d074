package dev.ctx.history;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.BlameLine;
import dev.ctx.git.PathChange;
import dev.ctx.git.TextMerge;
import dev.ctx.model.CtxException;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure half of a revert: from the commits to undo and a snapshot of the tip, the files to write and
 * the conflicts met. Reads history, writes nothing, so the store can re-plan on a newer tip.
 */
final class RevertPlanner {
    private final History history;

    RevertPlanner(History history) {
        this.history = history;
    }

    /**
     * The files that undo {@code commits} (newest first) on top of {@code head}: each commit's change is
     * reversed by a three-way merge (base: the file after the commit, ours: the file now, theirs: the file
     * before the commit), newest first, so later work by others stays. Files moved since are followed.
     */
    Rollback.Plan plan(List<MemoryCommit> commits, Snapshot head, boolean force) throws CtxException {
        Map<String, Optional<String>> state = new LinkedHashMap<>();
        List<Rollback.Conflict> conflicts = new ArrayList<>();
        Set<String> selected = new HashSet<>();
        commits.forEach(c -> selected.add(c.id()));
        for (MemoryCommit c : commits) {
            String parent = c.parents().get(0);
            Map<String, String> movedSince = new HashMap<>();
            for (PathChange p : history.gitHistory().diff(c.id(), head.commit(), true)) {
                if (p.type() == PathChange.Type.RENAME) {
                    movedSince.put(p.oldPath(), p.path());
                }
            }
            for (PathChange p : history.gitHistory().diff(parent, c.id(), true)) {
                undoOne(c, parent, p, head, state, movedSince, selected, force, conflicts);
            }
        }
        Map<RepoPath, Optional<String>> files = new LinkedHashMap<>();
        for (Map.Entry<String, Optional<String>> e : state.entrySet()) {
            if (!e.getValue().equals(head.read(RepoPath.of(e.getKey())))) {
                files.put(RepoPath.of(e.getKey()), e.getValue());
            }
        }
        return new Rollback.Plan(files, conflicts);
    }

    private void undoOne(MemoryCommit c, String parent, PathChange p, Snapshot head, Map<String, Optional<String>> state,
            Map<String, String> movedSince, Set<String> selected, boolean force, List<Rollback.Conflict> conflicts) throws CtxException {
        String after = p.type() == PathChange.Type.DELETE ? null : history.textToWrite(c.id(), p.path());
        String beforePath = p.type() == PathChange.Type.RENAME ? p.oldPath() : p.path();
        String before = p.type() == PathChange.Type.ADD ? null : history.textToWrite(parent, beforePath);
        String target = p.path();
        if (current(head, state, target) == null && movedSince.containsKey(target) && current(head, state, movedSince.get(target)) != null) {
            target = movedSince.get(target);
        }
        String ours = current(head, state, target);
        switch (p.type()) {
            case ADD -> {
                if (ours == null) {
                    return;
                }
                if (ours.equals(after)) {
                    state.put(target, Optional.empty());
                    return;
                }
                Optional<String> kept = withoutTaught(after, ours);
                if (kept == null) {
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was edited after it was created"));
                    if (!force) {
                        return;
                    }
                    kept = Optional.empty();
                }
                state.put(target, kept);
            }
            case DELETE -> {
                if (ours != null && !ours.equals(before)) {
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was created again after it was deleted"));
                    if (!force) {
                        return;
                    }
                }
                state.put(target, Optional.of(before));
            }
            case MODIFY, RENAME -> {
                if (ours == null) {
                    conflicts.add(conflict(p.path(), c, selected, head, List.of(), "was deleted or moved away after it was changed"));
                    if (force) {
                        state.put(beforePath, Optional.of(before));
                    }
                    return;
                }
                if (p.type() == PathChange.Type.RENAME && !beforePath.equals(target) && current(head, state, beforePath) != null) {
                    conflicts.add(conflict(beforePath, c, selected, head, List.of(), "was created again after it was moved away"));
                    if (!force) {
                        return;
                    }
                }
                TextMerge.Merged m = TextMerge.merge3(after, ours, before, force);
                if (m.conflict()) {
                    conflicts.add(conflict(target, c, selected, head, linesOf(ours, m.oursConflicts()), "was changed on the same lines"));
                    if (!force) {
                        return;
                    }
                }
                if (p.type() == PathChange.Type.RENAME) {
                    state.put(target, Optional.empty());
                    state.put(beforePath, Optional.of(m.text()));
                } else {
                    state.put(target, Optional.of(m.text()));
                }
            }
        }
    }

    /**
     * Undoing the creation of a file others have added to since: the body lines the creating commit wrote are
     * removed and theirs kept, under the file's current front-matter. Empty when nothing of theirs is left
     * (the file goes); null when they changed the lines being removed (a conflict).
     */
    private static Optional<String> withoutTaught(String created, String now) {
        try {
            Document a = Document.parse(created);
            Document n = Document.parse(now);
            TextMerge.Merged m = TextMerge.merge3(a.body(), n.body(), "", false);
            if (m.conflict()) {
                return null;
            }
            return m.text().isBlank() ? Optional.empty() : Optional.of(n.withBody(m.text()).render());
        } catch (FormatException e) {
            return null;
        }
    }

    private static String current(Snapshot head, Map<String, Optional<String>> state, String path) throws CtxException {
        Optional<String> o = state.get(path);
        if (o != null) {
            return o.orElse(null);
        }
        return head.read(RepoPath.of(path)).orElse(null);
    }

    private static Set<String> linesOf(String text, List<TextMerge.LineRange> ranges) {
        String[] lines = text.split("\n", -1);
        Set<String> out = new HashSet<>();
        for (TextMerge.LineRange r : ranges) {
            for (int i = Math.max(1, r.from() - 1); i <= Math.min(lines.length, Math.max(r.to(), r.from())); i++) {
                if (!lines[i - 1].isBlank()) {
                    out.add(lines[i - 1]);
                }
            }
        }
        return out;
    }

    /**
     * Names the later commits that built on {@code c} in {@code path}: those (outside the selection) whose
     * lines blame finds in the conflicting region, else every later commit that touched the file.
     */
    private Rollback.Conflict conflict(String path, MemoryCommit c, Set<String> selected, Snapshot head, java.util.Collection<String> lines, String why)
            throws CtxException {
        List<MemoryCommit> touching = new ArrayList<>();
        for (MemoryCommit m : history.commits(head.commit(), c.id())) {
            if (!selected.contains(m.id()) && !m.isMerge()
                    && m.files().stream().anyMatch(f -> path.equals(f.path()) || path.equals(f.oldPath()))) {
                touching.add(m);
            }
        }
        if (!lines.isEmpty()) {
            List<BlameLine> blame = history.gitHistory().blame(head.commit(), path);
            Set<String> ids = new HashSet<>();
            if (blame != null) {
                for (BlameLine b : blame) {
                    if (lines.contains(b.text().replaceAll("\r?\n$", ""))) {
                        ids.add(b.commit());
                    }
                }
            }
            List<MemoryCommit> narrowed = touching.stream().filter(m -> ids.contains(m.id())).toList();
            if (!narrowed.isEmpty()) {
                touching = narrowed;
            }
        }
        return new Rollback.Conflict(path, c, touching, why);
    }
}
