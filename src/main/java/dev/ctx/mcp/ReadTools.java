package dev.ctx.mcp;

import static dev.ctx.mcp.Args.integer;
import static dev.ctx.mcp.Args.oneOf;
import static dev.ctx.mcp.Args.schema;
import static dev.ctx.mcp.Args.string;
import static dev.ctx.mcp.Tools.readOnly;

import dev.ctx.app.Ctx;
import dev.ctx.app.Shown;
import dev.ctx.mcp.Tools.Tool;
import dev.ctx.model.ContextFormat;
import dev.ctx.model.FileEntry;
import dev.ctx.model.Kind;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tools that only read: each one use case of {@link Ctx}, annotated read-only and idempotent. */
final class ReadTools {
    private ReadTools() {
    }

    static List<Tool> all() {
        return List.of(context(), search(), read(), list(), history(), skillList(), skillRead());
    }

    static Tool context() {
        return new Tool("memory_context",
                "Get your memory as it should start a task: all pinned system/ blocks in full, the tree of on-demand memory files with "
                        + "descriptions, and the skills catalog, within a token budget (what did not fit is named). Call it at the start "
                        + "of a task, with a query describing the task to add the most relevant on-demand passages.",
                schema(List.of(),
                        "budget", integer("The most estimated tokens to return (default 8000).", 1),
                        "query", string("The task at hand; adds the most relevant on-demand chunks."),
                        "format", oneOf("md (default), xml, or json.", "md", "xml", "json")),
                readOnly("Memory context"),
                (ctx, a, who) -> {
                    String f = a.optText("format");
                    return ctx.context(a.optInt("budget"), a.optText("query"), ContextFormat.parse(f == null ? "md" : f)).text();
                });
    }

    static Tool search() {
        return new Tool("memory_search",
                "Search your memory (and archived memory, skills and ingested transcripts) by words and meaning. Use it before "
                        + "answering from memory or writing a fact, to find what is already known and where. Returns ranked passages "
                        + "with path, heading and line; read the whole file with memory_read.",
                schema(List.of("query"),
                        "query", string("What to look for, in natural language or keywords."),
                        "limit", integer("How many hits (default 10).", 1),
                        "kind", oneOf("Only this kind of file.", "memory", "skill", "archive", "recall"),
                        "path", string("Only files under this folder or path prefix.")),
                readOnly("Search memory"),
                (ctx, a, who) -> {
                    SearchRequest r = SearchRequest.of(a.text("query"));
                    Integer k = a.optInt("limit");
                    if (k != null) {
                        r = r.withK(k);
                    }
                    if (a.optText("kind") != null) {
                        r = r.withKinds(Set.of(Kind.parse(a.optText("kind"))));
                    }
                    r = r.withPathPrefix(a.optText("path"));
                    SearchResult res = ctx.search(r);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("mode", res.mode());
                    out.put("hits", res.hits().stream().map(ReadTools::hit).toList());
                    out.put("indexed_commit", res.indexedCommit());
                    out.put("behind", res.behind());
                    return out;
                });
    }

    private static Map<String, Object> hit(SearchHit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", h.path());
        m.put("heading", h.heading());
        m.put("line", h.line());
        m.put("kind", h.kind());
        m.put("description", h.description());
        m.put("snippet", h.snippet());
        m.put("score", h.score());
        return m;
    }

    static Tool read() {
        return new Tool("memory_read",
                "Read one memory file or skill in full (front-matter description and body), as committed now or at an earlier "
                        + "revision. Use it for on-demand files named in memory_context or found by memory_search.",
                schema(List.of("path"),
                        "path", string("The file, e.g. projects/billing.md; a label without .md works (system/human); skills/NAME reads its SKILL.md."),
                        "at", string("A revision to read it at (commit id, HEAD~2); default: now.")),
                readOnly("Read memory file"),
                (ctx, a, who) -> shown(ctx.show(Ctx.path(a.text("path"), true), a.optText("at"))));
    }

    static Map<String, Object> shown(Shown s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", s.path());
        m.put("commit", s.commit());
        m.put("description", s.description());
        m.put("body", s.body());
        if (!s.parsed()) {
            m.put("format_error", s.formatError());
        }
        return m;
    }

    static Tool list() {
        return new Tool("memory_list",
                "List memory files and skills with their descriptions, optionally under a folder or of one kind. Use it to see "
                        + "how memory is organised before creating a new file, so facts land where they belong.",
                schema(List.of(),
                        "prefix", string("Only paths under this folder, e.g. projects/."),
                        "kind", oneOf("Only this kind.", "memory", "skill", "archive", "recall")),
                readOnly("List memory"),
                (ctx, a, who) -> Map.of("files", entries(ctx.list(a.optText("prefix"), kind(a.optText("kind"))))));
    }

    static Kind kind(String text) {
        return text == null ? null : Kind.parse(text);
    }

    static List<Map<String, Object>> entries(List<FileEntry> files) {
        return files.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", e.path());
            m.put("kind", e.kind());
            m.put("pinned", e.system());
            m.put("description", e.description());
            m.put("read_only", e.readOnly());
            return m;
        }).toList();
    }

    static Tool history() {
        return new Tool("memory_history",
                "Show the history of memory (or of one file): each commit with its operation, reason, agent and session. Use it "
                        + "to learn where a memory came from before correcting or reverting it.",
                schema(List.of(),
                        "path", string("Only commits that touched this file or folder."),
                        "session", string("Only commits of this session."),
                        "limit", integer("How many commits, newest first (default 20).", 1)),
                readOnly("Memory history"),
                (ctx, a, who) -> {
                    Integer n = a.optInt("limit");
                    LogQuery q = new LogQuery(a.optText("path"), null, a.optText("session"), null, null, null, null, n == null ? 20 : n);
                    return Map.of("commits", ctx.log(q).stream().map(ReadTools::commit).toList());
                });
    }

    static Map<String, Object> commit(MemoryCommit c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("time", c.time());
        m.put("op", c.op());
        m.put("subject", c.subject());
        m.put("reason", c.reason());
        m.put("agent", c.agent());
        m.put("session", c.session());
        m.put("paths", c.files().stream().map(f -> f.path()).toList());
        return m;
    }

    static Tool skillList() {
        return new Tool("skill_list",
                "List the skills in memory (name, what each is for, where its SKILL.md is). Use it to find a procedure for the task "
                        + "at hand; read one with skill_read.",
                schema(List.of()),
                readOnly("List skills"),
                (ctx, a, who) -> Map.of("skills", ctx.list("skills/", Kind.SKILL).stream().filter(e -> e.path().endsWith("/SKILL.md"))
                        .map(e -> Map.of("name", e.path().split("/")[1], "description", e.description() == null ? "" : e.description(),
                                "path", e.path()))
                        .toList()));
    }

    static Tool skillRead() {
        return new Tool("skill_read",
                "Read one skill's SKILL.md in full: the instructions to follow for the task it covers.",
                schema(List.of("name"), "name", string("The skill's name (its folder under skills/).")),
                readOnly("Read skill"),
                (ctx, a, who) -> {
                    String name = a.text("name");
                    if (name.contains("/")) {
                        throw Tools.usage("a skill name has no '/': " + name);
                    }
                    return shown(ctx.show(Ctx.path("skills/" + name + "/SKILL.md", false), null));
                });
    }

}
