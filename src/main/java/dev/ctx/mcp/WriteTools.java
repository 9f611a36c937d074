package dev.ctx.mcp;

import static dev.ctx.mcp.Args.bool;
import static dev.ctx.mcp.Args.integer;
import static dev.ctx.mcp.Args.oneOf;
import static dev.ctx.mcp.Args.schema;
import static dev.ctx.mcp.Args.string;
import static dev.ctx.mcp.Tools.write;
import static dev.ctx.mcp.Tools.writeProps;

import dev.ctx.app.Ctx;
import dev.ctx.app.RevertTarget;
import dev.ctx.app.RollbackResult;
import dev.ctx.app.Shown;
import dev.ctx.mcp.Tools.Tool;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools that commit: each is the use case the matching CLI command runs, so it makes exactly the commit the
 * CLI would (same operation, message and trailers). A reason is required by every schema and checked again here.
 */
final class WriteTools {
    private WriteTools() {
    }

    static List<Tool> all() {
        return List.of(writeFile(), edit(), remember(), delete(), move(), revert());
    }

    /** The reason, refused when blank: memory changes must say why. */
    static Provenance reasoned(Provenance who) throws CtxException {
        if (who.reason() == null) {
            throw new CtxException(Problem.USAGE, "missing argument 'reason': every change to memory says why");
        }
        return who;
    }

    static Tool writeFile() {
        return new Tool("memory_write",
                "Create a memory file or overwrite it whole (one commit). Use it for a new topic file or to rewrite a file you "
                        + "have read; to add to a file prefer memory_edit or memory_remember. Secrets are refused.",
                schema(List.of("path", "body", "reason"), writeProps(
                        "path", string("The file, e.g. projects/billing.md (a label without .md gets it)."),
                        "body", string("The whole markdown body, without front-matter."),
                        "description", string("One line saying what the file holds; required for a new file, kept when omitted on overwrite."))),
                write("Write memory file", true, true),
                (ctx, a, who) -> result(ctx.write(Ctx.path(a.text("path"), true), a.optText("description"), a.text("body"), reasoned(who))));
    }

    static Tool edit() {
        return new Tool("memory_edit",
                "Change part of a memory file (one commit): append or prepend text, replace text (the number of occurrences must "
                        + "match expected_count, default 1), or insert text at a line or after a heading. Read the file first.",
                schema(List.of("path", "op", "text", "reason"), writeProps(
                        "path", string("The file to edit."),
                        "op", oneOf("What to do.", "append", "prepend", "replace", "insert"),
                        "text", string("The text to add, or the replacement for 'old' with op replace."),
                        "old", string("With op replace: the exact text to replace."),
                        "expected_count", integer("With op replace: how many occurrences of 'old' there must be (default 1).", 1),
                        "line", integer("With op insert: the body line to insert before (1 = the top).", 1),
                        "after_heading", string("With op insert: insert after this heading's line instead, e.g. '## Retries'."))),
                write("Edit memory file", true, false),
                WriteTools::editCall);
    }

    private static Object editCall(Ctx ctx, Args a, Provenance who) throws CtxException {
        RepoPath path = Ctx.path(a.text("path"), true);
        String text = a.text("text");
        reasoned(who);
        return switch (a.text("op")) {
            case "append" -> result(ctx.append(path, text, who));
            case "prepend" -> result(ctx.insert(path, 1, text, who));
            case "insert" -> result(ctx.insert(path, insertLine(ctx, path, a), text, who));
            case "replace" -> replace(ctx, path, a.text("old"), text, a.optInt("expected_count"), who);
            default -> throw Tools.usage("unknown op '" + a.text("op") + "' (expected append, prepend, replace or insert)");
        };
    }

    private static int insertLine(Ctx ctx, RepoPath path, Args a) throws CtxException {
        String heading = a.optText("after_heading");
        Integer line = a.optInt("line");
        if ((heading == null) == (line == null)) {
            throw Tools.usage("op insert needs exactly one of 'line' and 'after_heading'");
        }
        if (line != null) {
            return line;
        }
        String[] lines = ctx.show(path, null).body().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(heading.strip())) {
                return i + 2;
            }
        }
        throw CtxException.notFound("no heading '" + heading.strip() + "' in " + path + "; read it with memory_read");
    }

    /** One occurrence is the CLI's replace; several, when the caller expects exactly that many, a whole-file write. */
    private static Object replace(Ctx ctx, RepoPath path, String old, String text, Integer expected, Provenance who) throws CtxException {
        int want = expected == null ? 1 : expected;
        if (want == 1) {
            return result(ctx.replace(path, old, text, who));
        }
        Shown s = ctx.show(path, null);
        int found = count(s.body(), old);
        if (found != want) {
            throw CtxException.refused("expected " + want + " occurrences of the text in " + path + " but found " + found + "; nothing changed");
        }
        return result(ctx.write(path, null, s.body().replace(old, text), who));
    }

    static int count(String body, String old) {
        int n = 0;
        for (int i = body.indexOf(old); i >= 0; i = body.indexOf(old, i + old.length())) {
            n++;
        }
        return n;
    }

    static Tool remember() {
        return new Tool("memory_remember",
                "Save one fact you learned as a list item in a memory block (one commit; default: the notes block in system/). "
                        + "Use it for short durable facts: conventions, decisions, preferences. The same fact twice changes nothing.",
                schema(List.of("fact", "reason"), writeProps(
                        "fact", string("The fact, one line."),
                        "block", string("The block to add it to, e.g. system/project.md (default: ctx.yaml's remember.default)."))),
                write("Remember a fact", false, true),
                (ctx, a, who) -> {
                    String block = a.optText("block");
                    return result(ctx.remember(block == null ? null : Ctx.path(block, true), a.text("fact"), reasoned(who)));
                });
    }

    static Tool delete() {
        return new Tool("memory_delete",
                "Delete a memory file (one commit; history keeps it and memory_revert can bring it back). Use it for a file that "
                        + "is wrong or obsolete as a whole; for one wrong fact prefer memory_edit.",
                schema(List.of("path", "reason"), writeProps("path", string("The file to delete."))),
                write("Delete memory file", true, false),
                (ctx, a, who) -> result(ctx.forget(Ctx.path(a.text("path"), true), reasoned(who))));
    }

    static Tool move() {
        return new Tool("memory_move",
                "Move or rename a memory file, or a whole folder (one commit). Use it to reorganise memory; moving into or out "
                        + "of system/ changes whether it is always loaded.",
                schema(List.of("from", "to", "reason"), writeProps(
                        "from", string("The file or folder to move."),
                        "to", string("Where it goes."))),
                write("Move memory", true, false),
                (ctx, a, who) -> result(ctx.move(a.text("from"), a.text("to"), reasoned(who))));
    }

    static Tool revert() {
        return new Tool("memory_revert",
                "Undo earlier changes to memory by a new commit: one commit (or range), or everything one session wrote. Use it "
                        + "when a memory was wrong from the start; find the commit or session with memory_history.",
                schema(List.of("reason"), writeProps(
                        "commit", string("A commit id or range (A..B) to undo."),
                        "target_session", string("Undo everything this session wrote (instead of commit)."),
                        "dry_run", bool("Only say what would be undone."))),
                write("Revert memory changes", true, false),
                (ctx, a, who) -> {
                    String commit = a.optText("commit");
                    String session = a.optText("target_session");
                    if ((commit == null) == (session == null)) {
                        throw Tools.usage("memory_revert needs exactly one of 'commit' and 'target_session'");
                    }
                    RevertTarget t = commit != null ? new RevertTarget.Commits(List.of(commit)) : new RevertTarget.Session(session, null);
                    return rollback(ctx.revert(t, reasoned(who), false, a.flag("dry_run")));
                });
    }

    static Map<String, Object> result(WriteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", r.changed());
        m.put("commit", r.commit());
        m.put("op", r.op());
        m.put("paths", r.paths());
        m.put("subject", r.subject());
        m.put("left_alone", r.leftAlone());
        return m;
    }

    static Map<String, Object> rollback(RollbackResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", r.changed());
        m.put("commit", r.write() == null ? null : r.write().commit());
        m.put("undone", r.undone().stream().map(ReadTools::commit).toList());
        m.put("paths", r.paths());
        m.put("conflicts", r.conflicts().stream().map(c -> Map.of("path", c.path(), "why", c.why())).toList());
        return m;
    }
}
