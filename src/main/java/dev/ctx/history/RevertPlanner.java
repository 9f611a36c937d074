package dev.ctx.history;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.BlameLine;
import dev.ctx.git.PathChange;
import dev.ctx.git.TextMerge;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
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
     * A skill's binary file, or one whose mode the commit changed, has no lines to merge: it is undone whole (see
     * {@link #undoWhole}). The state is kept as bytes and mode, so a script stays executable through the text merge.
     */
    Rollback.Plan plan(List<MemoryCommit> commits, Snapshot head, boolean force) throws CtxException {
        Map<String, Optional<FileContent>> state = new LinkedHashMap<>();
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
        Map<RepoPath, FileContent> contents = new LinkedHashMap<>();
        for (Map.Entry<String, Optional<FileContent>> e : state.entrySet()) {
            RepoPath path = RepoPath.of(e.getKey());
            if (e.getValue().equals(head.content(path))) {
                continue;
            }
            // Skill files go through the bytes channel, which says the mode; memory files are text, as ever.
            if (e.getValue().isPresent() && Change.inSkillFolder(path)) {
                contents.put(path, e.getValue().get());
            } else {
                files.put(path, e.getValue().map(FileContent::textOrNull));
            }
        }
        return new Rollback.Plan(files, contents, conflicts);
    }

    private void undoOne(MemoryCommit c, String parent, PathChange p, Snapshot head, Map<String, Optional<FileContent>> state,
            Map<String, String> movedSince, Set<String> selected, boolean force, List<Rollback.Conflict> conflicts) throws CtxException {
        String beforePath = p.type() == PathChange.Type.RENAME ? p.oldPath() : p.path();
        String target = p.path();
        if (contentNow(head, state, target) == null && movedSince.containsKey(target) && contentNow(head, state, movedSince.get(target)) != null) {
            target = movedSince.get(target);
        }
        if (undoneWhole(c, parent, p, beforePath, target, head, state, selected, force, conflicts)) {
            return;
        }
        String after = p.type() == PathChange.Type.DELETE ? null : history.textToWrite(c.id(), p.path());
        String before = p.type() == PathChange.Type.ADD ? null : history.textToWrite(parent, beforePath);
        String ours = current(head, state, target);
        // A text write keeps the mode the file has now, or had before the commit when it comes back (a deleted script).
        boolean exec = contentNow(head, state, target) != null ? contentNow(head, state, target).executable()
                : p.type() != PathChange.Type.ADD && history.fileAt(parent, beforePath).executable();
        Writes w = new Writes(state, exec);
        switch (p.type()) {
            case ADD -> {
                if (ours == null) {
                    return;
                }
                if (ours.equals(after)) {
                    w.put(target, Optional.empty());
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
                w.put(target, kept);
            }
            case DELETE -> {
                if (ours != null && !ours.equals(before)) {
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was created again after it was deleted"));
                    if (!force) {
                        return;
                    }
                }
                w.put(target, Optional.of(before));
            }
            case MODIFY, RENAME -> {
                if (ours == null) {
                    conflicts.add(conflict(p.path(), c, selected, head, List.of(), "was deleted or moved away after it was changed"));
                    if (force) {
                        w.put(beforePath, Optional.of(before));
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
                    w.put(target, Optional.empty());
                    w.put(beforePath, Optional.of(m.text()));
                } else {
                    w.put(target, Optional.of(m.text()));
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

    /** Text writes into the state, with the mode the file keeps. */
    private record Writes(Map<String, Optional<FileContent>> state, boolean exec) {
        void put(String path, Optional<String> text) {
            state.put(path, text.map(t -> FileContent.text(t).withExecutable(exec)));
        }
    }

    /** Whether the change is to a skill file with no lines to merge (binary, or its mode changed), and so was undone whole. */
    private boolean undoneWhole(MemoryCommit c, String parent, PathChange p, String beforePath, String target, Snapshot head,
            Map<String, Optional<FileContent>> state, Set<String> selected, boolean force, List<Rollback.Conflict> conflicts) throws CtxException {
        if (!Change.inSkillFolder(RepoPath.of(p.path())) || !Change.inSkillFolder(RepoPath.of(beforePath))) {
            return false;
        }
        FileContent after = p.type() == PathChange.Type.DELETE ? null : history.fileAt(c.id(), p.path());
        FileContent before = p.type() == PathChange.Type.ADD ? null : history.fileAt(parent, beforePath);
        FileContent ours = contentNow(head, state, target);
        if (!binary(after) && !binary(before) && !binary(ours) && (after == null || before == null || after.executable() == before.executable())) {
            return false;
        }
        undoWhole(c, p.type(), beforePath, target, after, before, ours, head, state, selected, force, conflicts);
        return true;
    }

    /**
     * Undoes one commit's change to a skill file that has no lines to merge (binary, or its mode changed) as a whole:
     * an added file goes, a changed one gets the parent's bytes and mode back, a deleted one returns, but only when
     * the file is still exactly as the commit left it; otherwise a conflict (overridden by {@code force}).
     */
    private void undoWhole(MemoryCommit c, PathChange.Type type, String beforePath, String target, FileContent after, FileContent before,
            FileContent ours, Snapshot head, Map<String, Optional<FileContent>> state, Set<String> selected, boolean force,
            List<Rollback.Conflict> conflicts) throws CtxException {
        switch (type) {
            case ADD -> {
                if (ours == null) {
                    return;
                }
                if (!ours.equals(after)) {
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was changed after it was added"));
                    if (!force) {
                        return;
                    }
                }
                state.put(target, Optional.empty());
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
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was deleted or moved away after it was changed"));
                    if (force) {
                        state.put(beforePath, Optional.of(before));
                    }
                    return;
                }
                if (!ours.equals(after)) {
                    conflicts.add(conflict(target, c, selected, head, List.of(), "was changed after this commit (a binary file or a mode has no lines to merge)"));
                    if (!force) {
                        return;
                    }
                }
                if (!beforePath.equals(target)) {
                    state.put(target, Optional.empty());
                }
                state.put(beforePath, Optional.of(before));
            }
        }
    }

    private static boolean binary(FileContent f) {
        return f != null && f.isBinary();
    }

    private static FileContent contentNow(Snapshot head, Map<String, Optional<FileContent>> state, String path) throws CtxException {
        Optional<FileContent> o = state.get(path);
        if (o != null) {
            return o.orElse(null);
        }
        return head.content(RepoPath.of(path)).orElse(null);
    }

    /** The file's text now, as the text merge reads it (null when absent; a non-text file is refused as before). */
    private static String current(Snapshot head, Map<String, Optional<FileContent>> state, String path) throws CtxException {
        Optional<FileContent> o = state.get(path);
        if (o != null) {
            return o.map(FileContent::textOrNull).orElse(null);
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
