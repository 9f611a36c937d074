package dev.ctx.cli;

import dev.ctx.app.RollbackResult;
import dev.ctx.model.FileChange;
import dev.ctx.model.FileDiff;
import dev.ctx.model.MemoryCommit;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text and JSON shapes of history values, shared by log, show-commit, diff and the rollback commands. */
final class HistoryViews {
    private HistoryViews() {
    }

    /**
     * A path filter from the command line, checked like any path: a label may name a file (system/human
     * is system/human.md) or a folder (system), so a label is kept as given and the query matches both.
     */
    static String pathOrFolder(String arg) throws dev.ctx.model.CtxException {
        String file = BaseCommand.path(arg).value();
        return file.endsWith(".md") && !arg.strip().endsWith(".md") ? BaseCommand.path(arg).label() : file;
    }

    static Map<String, Object> commit(MemoryCommit c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("parents", c.parents());
        m.put("time", c.time().toString());
        m.put("author", c.author());
        m.put("op", c.op());
        m.put("agent", c.agent());
        m.put("session", c.session());
        m.put("reason", c.reason());
        m.put("dream", c.dream());
        m.put("subject", c.subject());
        m.put("reverts", c.reverts());
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileChange f : c.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("status", f.status());
            fm.put("path", f.path());
            fm.put("old_path", f.oldPath());
            files.add(fm);
        }
        m.put("files", files);
        return m;
    }

    static void printCommit(PrintStream o, MemoryCommit c) {
        String when = c.time().toString().replace('T', ' ').replaceAll(":\\d{2}Z$", "Z");
        // A commit without Ctx-Op trailers was made with plain git: its author is a person or tool, not an agent.
        boolean plainGit = c.op().equals("commit") || c.op().equals("merge");
        o.println(c.shortId() + " " + when + " " + (plainGit ? "git " + c.op() + " by " + c.author() : c.op() + " by " + c.who()));
        o.println("    " + c.subject());
        if (!c.files().isEmpty()) {
            o.println("    files: " + String.join(", ", c.files().stream().map(FileChange::toString).toList()));
        }
        if (c.reason() != null) {
            o.println("    reason: " + c.reason());
        }
        if (!c.reverts().isEmpty()) {
            o.println("    undoes: " + String.join(", ", c.reverts().stream().map(s -> s.substring(0, Math.min(10, s.length()))).toList()));
        }
    }

    static void printDiff(PrintStream o, FileDiff d) {
        String head = switch (d.status()) {
            case RENAMED -> "moved " + d.oldPath() + " -> " + d.path();
            default -> d.status().name().toLowerCase(java.util.Locale.ROOT) + " " + d.path();
        };
        o.println("== " + head + " (+" + d.factsAdded().size() + " facts, -" + d.factsRemoved().size() + " facts)");
        for (FileDiff.KeyChange k : d.keyChanges()) {
            if (k.before() == null) {
                o.println("  " + k.key() + ": + " + k.after());
            } else if (k.after() == null) {
                o.println("  " + k.key() + ": - " + k.before());
            } else {
                o.println("  " + k.key() + ": " + k.before() + " -> " + k.after());
            }
        }
        if (!d.bodyDiff().isEmpty()) {
            o.print(d.bodyDiff().endsWith("\n") ? d.bodyDiff() : d.bodyDiff() + "\n");
        }
    }

    static List<Object> diffs(List<FileDiff> diffs) {
        return new ArrayList<>(diffs);
    }

    static Map<String, Object> outcome(RollbackResult r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changed", r.changed());
        data.put("commit", r.write() == null ? null : r.write().commit());
        data.put("subject", r.write() == null ? null : r.write().subject());
        data.put("paths", r.write() == null ? r.paths() : r.write().paths());
        data.put("undone", r.undone().stream().map(HistoryViews::commit).toList());
        data.put("already_reverted", r.alreadyReverted());
        List<Map<String, Object>> conflicts = new ArrayList<>();
        for (RollbackResult.Conflict c : r.conflicts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", c.path());
            m.put("undoing", c.undoing().id());
            m.put("why", c.why());
            m.put("later", c.later().stream().map(MemoryCommit::id).toList());
            conflicts.add(m);
        }
        data.put("conflicts", conflicts);
        return data;
    }

    static void printOutcome(PrintStream o, RollbackResult r, boolean dryRun) {
        if (dryRun) {
            o.println("dry run: nothing was changed");
        } else if (r.changed()) {
            o.println(r.write().commit().substring(0, 10) + " " + r.write().subject());
        } else {
            o.println("unchanged: nothing to undo" + (r.alreadyReverted().isEmpty() ? "" : " (already reverted)"));
        }
        if (!r.undone().isEmpty()) {
            o.println((dryRun ? "would undo " : "undid ") + r.undone().size() + " commit" + (r.undone().size() == 1 ? "" : "s") + ":");
            r.undone().forEach(c -> o.println("  " + c.shortId() + " " + c.subject() + " (" + c.who() + ")"));
        }
        if (dryRun && !r.paths().isEmpty()) {
            o.println("files: " + String.join(", ", r.paths()));
        }
        r.alreadyReverted().forEach((c, by) -> o.println("  skipped " + c.substring(0, 10) + ": already reverted by " + by.substring(0, 10)));
        for (RollbackResult.Conflict c : r.conflicts()) {
            String later = c.later().isEmpty() ? "a later commit" : String.join(", ", c.later().stream().map(m -> m.shortId() + " (" + m.who() + ")").toList());
            o.println((dryRun ? "conflict: " : "forced over: ") + c.path() + " " + c.why() + " by " + later + " (undoing " + c.undoing().shortId() + ")");
        }
        if (r.write() != null) {
            for (String p : r.write().leftAlone()) {
                o.println("note: " + p + " was edited in the working tree meanwhile; your copy was left alone (git shows it as an unstaged change on top of this commit)");
            }
        }
    }
}
