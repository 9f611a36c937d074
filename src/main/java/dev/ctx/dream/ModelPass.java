package dev.ctx.dream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.format.Document;
import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model pass: sends the current memory and the recall ingested since the last dream to an
 * OpenAI-compatible chat endpoint and applies the structured edits it answers (write, append, remove a
 * fact as a duplicate or superseded, delete, add a skill). Edits that cannot even be applied are listed
 * as refused; the others are committed, and the checks drop any file that breaks one.
 */
final class ModelPass implements Pass {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SYSTEM = """
            You consolidate the memory of a coding agent: markdown files in a git repository. Memory that only grows rots: \
            merge duplicates, fix contradictions (mark the old fact superseded), keep files short and well described, and \
            when recall shows a procedure that recurs, propose it as a skill. Never drop a fact silently.
            Answer with one JSON object and nothing else:
            {"edits": [
              {"action": "write", "path": "dir/file.md", "description": "one line", "body": "markdown", "reason": "why"},
              {"action": "append", "path": "dir/file.md", "text": "- a new fact", "reason": "why"},
              {"action": "remove", "path": "dir/file.md", "fact": "the exact fact line", "as": "duplicate", "kept_in": "other/file.md", "reason": "why"},
              {"action": "remove", "path": "dir/file.md", "fact": "the exact fact line", "as": "superseded", "reason": "why"},
              {"action": "delete", "path": "dir/file.md", "reason": "why"}
             ],
             "skills": [{"name": "lower-case-hyphenated", "description": "what it does and when to use it", "body": "markdown steps", "reason": "why"}]}
            Paths are relative to the repository; never touch ctx.yaml, recall/ or hidden files. Answer {"edits": []} when nothing should change.""";

    private final ChatClient client;
    private final String recall;
    private final int maxChars;
    final List<String> refused = new ArrayList<>();
    String reply;

    ModelPass(ChatClient client, String recall, int maxChars) {
        this.client = client;
        this.recall = recall;
        this.maxChars = maxChars;
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public boolean dropsPerFile() {
        return true;
    }

    @Override
    public PassChange run(Memory memory) throws CtxException {
        reply = client.complete(SYSTEM, prompt(memory));
        JsonNode root = parse(reply);
        PassChange.Builder b = new PassChange.Builder();
        Map<RepoPath, String> files = new java.util.TreeMap<>(memory.files());
        for (JsonNode e : root.path("edits")) {
            try {
                apply(e, files, b);
            } catch (CtxException | IllegalArgumentException x) {
                refused.add(x.getMessage());
                b.details.add("- not applied: " + x.getMessage());
            }
        }
        for (JsonNode s : root.path("skills")) {
            try {
                skill(s, files, b);
            } catch (CtxException | IllegalArgumentException x) {
                refused.add(x.getMessage());
                b.details.add("- not applied: " + x.getMessage());
            }
        }
        int n = b.files.size();
        return b.build("apply " + n + " file edit" + (n == 1 ? "" : "s") + " the model proposed",
                "A model read current memory and recent recall and proposed these consolidations; each was validated and checked.");
    }

    private String prompt(Memory memory) {
        StringBuilder sb = new StringBuilder("# Current memory\n\n");
        for (Map.Entry<RepoPath, String> e : memory.files().entrySet()) {
            if (sb.length() > maxChars * 2 / 3) {
                sb.append("(more files not shown)\n");
                break;
            }
            sb.append("<file path=\"").append(e.getKey()).append("\">\n").append(e.getValue()).append("\n</file>\n\n");
        }
        sb.append("# Recall since the last dream\n\n");
        String r = recall.isBlank() ? "(none)\n" : recall;
        int room = Math.max(0, maxChars - sb.length());
        sb.append(r.length() <= room ? r : r.substring(r.length() - room));
        return sb.toString();
    }

    /** The reply as JSON: a bare object, or one inside a markdown code fence (some models add one). */
    static JsonNode parse(String reply) throws CtxException {
        String t = reply.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```\\s*$", "");
        }
        try {
            JsonNode n = JSON.readTree(t);
            if (n == null || !n.isObject() || (!n.path("edits").isArray() && !n.path("skills").isArray())) {
                throw CtxException.refused("the model's reply is not an object with an 'edits' or 'skills' list");
            }
            return n;
        } catch (IOException e) {
            throw CtxException.refused("the model's reply is not JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
    }

    private static void apply(JsonNode e, Map<RepoPath, String> files, PassChange.Builder b) throws CtxException {
        String action = e.path("action").asText("");
        RepoPath path = path(e.path("path").asText(""));
        String reason = e.path("reason").asText("").replaceAll("\\s+", " ").strip();
        String why = reason.isEmpty() ? "" : " (" + reason + ")";
        switch (action) {
            case "write" -> {
                String body = text(e, "body");
                Optional<Document> old = Optional.ofNullable(files.get(path)).flatMap(Docs::parse);
                String desc = e.path("description").asText(old.map(Document::description).orElse(""));
                Document d = old.map(o -> o.withBody(body)).orElse(Document.memory(desc, body));
                d = d.withFrontMatter(d.frontMatter().with("description", desc));
                put(files, b, path, d.render());
                b.details.add("- wrote " + path + why);
            }
            case "append" -> {
                String old = files.get(path);
                if (old == null) {
                    throw CtxException.notFound("append to " + path + ": no such file");
                }
                put(files, b, path, old.stripTrailing() + "\n" + text(e, "text").strip() + "\n");
                b.details.add("- appended to " + path + why);
            }
            case "remove" -> remove(e, path, files, b, why);
            case "delete" -> {
                if (!files.containsKey(path)) {
                    throw CtxException.notFound("delete " + path + ": no such file");
                }
                files.remove(path);
                b.delete(path);
                b.details.add("- deleted " + path + why);
            }
            default -> throw CtxException.refused("unknown action '" + action + "' for " + path);
        }
    }

    private static void remove(JsonNode e, RepoPath path, Map<RepoPath, String> files, PassChange.Builder b, String why) throws CtxException {
        String old = files.get(path);
        String fact = dev.ctx.history.Facts.normalize(text(e, "fact").strip());
        Document d = Optional.ofNullable(old).flatMap(Docs::writable)
                .orElseThrow(() -> CtxException.notFound("remove from " + path + ": no such writable file"));
        List<BodyLines.Line> keep = new ArrayList<>();
        boolean found = false;
        for (BodyLines.Line l : BodyLines.of(d.body())) {
            if (!found && l.fact() && l.normalized().equalsIgnoreCase(fact)) {
                found = true;
            } else {
                keep.add(l);
            }
        }
        if (!found) {
            throw CtxException.notFound("remove from " + path + ": no fact '" + fact + "'");
        }
        boolean dup = "duplicate".equals(e.path("as").asText());
        String where = dup ? e.path("kept_in").asText("") : "archive/" + path.value();
        if (dup && where.isBlank()) {
            throw CtxException.refused("remove from " + path + ": a duplicate needs kept_in");
        }
        put(files, b, path, d.withBody(BodyLines.tidy(BodyLines.join(keep))).render());
        if (!dup && path.kind() == dev.ctx.model.Kind.MEMORY) {
            // Superseded, not gone: archive/ keeps it searchable, as the archive pass does.
            RepoPath to = RepoPath.of(where);
            String had = files.get(to);
            String next = had == null ? Document.memory("Superseded facts retired from " + path.label(), "- " + fact + "\n").render()
                    : had.stripTrailing() + "\n- " + fact + "\n";
            put(files, b, to, next);
        }
        b.removals.add(new PassChange.Removal(dup ? PassChange.Removal.DUPLICATE : PassChange.Removal.SUPERSEDED, fact, path.value(), where));
        b.details.add("- removed a fact from " + path + why);
    }

    private static void skill(JsonNode s, Map<RepoPath, String> files, PassChange.Builder b) throws CtxException {
        String name = text(s, "name").strip();
        RepoPath path = path("skills/" + name + "/SKILL.md");
        if (files.containsKey(path)) {
            throw CtxException.conflict("skill " + name + " exists already; a dream proposes new skills only");
        }
        Document d = new Document(dev.ctx.format.FrontMatter.empty().with("name", name).with("description", text(s, "description")),
                text(s, "body").strip() + "\n", true);
        put(files, b, path, d.render());
        String reason = s.path("reason").asText("").replaceAll("\\s+", " ").strip();
        b.details.add("- proposed skill " + name + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    private static void put(Map<RepoPath, String> files, PassChange.Builder b, RepoPath p, String text) {
        files.put(p, text);
        b.put(p, text);
    }

    private static String text(JsonNode e, String field) throws CtxException {
        JsonNode n = e.path(field);
        if (!n.isTextual()) {
            throw CtxException.refused("edit of " + e.path("path").asText("?") + " has no text '" + field + "'");
        }
        return n.asText();
    }

    private static RepoPath path(String p) throws CtxException {
        try {
            RepoPath r = RepoPath.parse(p, false);
            if (!r.isMarkdown() || r.kind() == dev.ctx.model.Kind.RECALL || r.kind() == dev.ctx.model.Kind.OTHER) {
                throw CtxException.refused("'" + p + "' is not a memory, archive or skill file a dream may change");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw CtxException.refused("'" + p + "' is not a repository path: " + e.getMessage());
        }
    }
}
