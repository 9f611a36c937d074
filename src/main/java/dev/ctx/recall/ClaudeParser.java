package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.TranscriptFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claude Code session JSONL (v1.0.x and v2.1.x). One user or assistant record becomes one turn with the
 * record's uuid as its id. Thinking, meta records, hook progress, file-history snapshots, queue operations
 * and system bookkeeping are dropped; tool calls become one line, tool results are truncated. A file whose
 * messages all belong to one subagent ({@code subagents/agent-<id>.jsonl}) becomes its own transcript with
 * the session id {@code <parent>/agent-<id>}.
 */
final class ClaudeParser {
    private static final Pattern COMMAND_NAME = Pattern.compile("<command-name>(.*?)</command-name>", Pattern.DOTALL);
    private static final Pattern COMMAND_ARGS = Pattern.compile("<command-args>(.*?)</command-args>", Pattern.DOTALL);
    private static final Pattern STDOUT = Pattern.compile("<local-command-(?:stdout|stderr)>(.*?)</local-command-(?:stdout|stderr)>", Pattern.DOTALL);
    /** What Claude Code appends to a tool result for the model, not for a reader: dropped, the meaning before it kept. */
    private static final List<Pattern> INSTRUCTION_TAILS = List.of(
            Pattern.compile("(?<=The user doesn't want to proceed with this tool use\\.) The tool use was rejected \\(eg\\. if it was a file edit, the new_string was NOT written to the file\\)\\. STOP what you are doing and wait for the user to tell you how to proceed\\."),
            Pattern.compile("(?<=\\.) You can now continue with the user's answers in mind\\.\\s*$"),
            Pattern.compile("(?<=Todos have been modified successfully\\.) Ensure that you continue to use the todo list to track your progress\\. Please proceed with the current tasks if applicable\\.?\\s*$"));
    private static final List<String> INPUT_KEYS =
            List.of("command", "file_path", "notebook_path", "pattern", "query", "url", "description", "prompt", "path", "bash_id", "shell_id");

    private final ObjectMapper json;

    ClaudeParser(ObjectMapper json) {
        this.json = json;
    }

    ParseResult parse(Path file, List<String> lines) {
        int skipped = 0;
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode r = json.readTree(line);
                if (r != null && r.isObject()) {
                    records.add(r);
                    continue;
                }
            } catch (java.io.IOException e) {
                // counted below: a torn or hand-edited line must not lose the rest of the session
            }
            skipped++;
        }
        return new ParseResult(TranscriptFormat.CLAUDE, List.of(transcript(file, records)), skipped);
    }

    private Transcript transcript(Path file, List<JsonNode> records) {
        String sessionId = null;
        String cwd = null;
        String agentId = null;
        boolean first = true;
        Set<String> uuids = new HashSet<>();
        Map<String, String> summaries = new LinkedHashMap<>();
        for (JsonNode r : records) {
            if (Text.str(r, "uuid") != null) {
                uuids.add(Text.str(r, "uuid"));
            }
            if ("summary".equals(Text.str(r, "type")) && Text.str(r, "leafUuid") != null) {
                summaries.put(Text.str(r, "leafUuid"), Text.str(r, "summary"));
            }
            sessionId = sessionId != null ? sessionId : Text.str(r, "sessionId");
            cwd = cwd != null ? cwd : Text.str(r, "cwd");
            if (first && isMessage(r)) {
                first = false;
                agentId = r.path("isSidechain").asBoolean() ? Text.str(r, "agentId") : null;
            }
        }
        if (sessionId == null) {
            sessionId = Text.stem(file);
        }
        boolean subagentFile = agentId != null;
        String id = subagentFile ? sessionId + "/agent-" + Text.slug(agentId) : sessionId;

        TurnIds ids = new TurnIds(id);
        // tool_use id to the call's one-line summary: a result names the call it answers
        Map<String, String> calls = new HashMap<>();
        for (JsonNode r : records) {
            if (isMessage(r) && r.path("message").path("content").isArray()) {
                for (JsonNode part : r.path("message").path("content")) {
                    if ("tool_use".equals(Text.str(part, "type")) && Text.str(part, "id") != null) {
                        calls.put(Text.str(part, "id"), toolUse(part));
                    }
                }
            }
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode r : records) {
            if (isMessage(r)) {
                Turn t = turn(r, ids, !subagentFile, calls);
                if (t != null) {
                    turns.add(t);
                }
            }
        }
        // A summary names the conversation whose leaf it points at; 1.0.x also writes the previous
        // session's summary at the top of a resumed file, which must not title this one.
        String title = null;
        for (Map.Entry<String, String> s : summaries.entrySet()) {
            if (uuids.contains(s.getKey()) && !Text.isBlank(s.getValue())) {
                title = s.getValue();
            }
        }
        Instant started = turns.stream().map(Turn::time).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return new Transcript("claude", id, title, started, cwd, turns);
    }

    private static boolean isMessage(JsonNode r) {
        String type = Text.str(r, "type");
        return ("user".equals(type) || "assistant".equals(type)) && r.has("message");
    }

    private Turn turn(JsonNode r, TurnIds ids, boolean markSidechain, Map<String, String> calls) {
        if (r.path("isMeta").asBoolean()) {
            return null;
        }
        String type = Text.str(r, "type");
        JsonNode content = r.path("message").path("content");
        String role = type;
        String text;
        String answers = null;
        if (r.path("isCompactSummary").asBoolean()) {
            role = "system";
            text = Turn.COMPACTION_MARK + "\n\n" + plain(content);
        } else if (content.isTextual()) {
            String s = content.asText();
            Matcher out = STDOUT.matcher(s);
            if (s.contains("<local-command-caveat>")) {
                return null;
            } else if (out.find()) {
                role = "system";
                text = Text.truncate(Text.stripAnsi(out.group(1)).strip(), Text.TOOL_OUTPUT_LIMIT);
            } else {
                text = command(s);
            }
        } else if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            boolean onlyResults = parts(content, sb);
            text = sb.toString();
            role = onlyResults && "user".equals(type) ? "tool" : type;
            if (role.equals("tool")) {
                answers = answered(content, calls);
            }
        } else {
            return null;
        }
        if (Text.isBlank(text)) {
            return null;
        }
        String body = text.strip();
        if (markSidechain && r.path("isSidechain").asBoolean()) {
            body = Turn.SUBAGENT_MARK + "\n\n" + body;
        }
        Instant time = Text.instant(Text.str(r, "timestamp"));
        String id = ids.own(Text.str(r, "uuid"), time, role, body);
        return id == null ? null : new Turn(id, role, time, body, answers);
    }

    /** The calls a record's tool results answer, as their one-line summaries, "; " between several; null when none is known. */
    private static String answered(JsonNode content, Map<String, String> calls) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode part : content) {
            String call = "tool_result".equals(Text.str(part, "type")) ? calls.get(Text.str(part, "tool_use_id")) : null;
            if (call != null) {
                out.add(call);
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** Appends the recallable parts; answers whether every part kept was a tool result. */
    private boolean parts(JsonNode content, StringBuilder text) {
        boolean onlyResults = true;
        for (JsonNode part : content) {
            String kind = Text.str(part, "type");
            String piece = switch (kind == null ? "" : kind) {
                case "text" -> Text.str(part, "text");
                case "tool_use" -> toolUse(part);
                case "tool_result" -> toolResult(part);
                case "image" -> "[image]";
                default -> null; // thinking, redacted_thinking and unknown parts carry nothing to recall
            };
            if (Text.isBlank(piece)) {
                continue;
            }
            onlyResults &= "tool_result".equals(kind);
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(piece.strip());
        }
        return onlyResults;
    }

    /** A slash command as the user typed it ({@code /compact and continue}), or the text unchanged. */
    private static String command(String s) {
        Matcher name = COMMAND_NAME.matcher(s);
        if (!name.find()) {
            return s;
        }
        Matcher args = COMMAND_ARGS.matcher(s);
        String a = args.find() ? args.group(1).strip() : "";
        return (name.group(1).strip() + " " + a).strip();
    }

    private static String plain(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String t = Text.str(part, "text");
            if (!Text.isBlank(t)) {
                sb.append(sb.length() > 0 ? "\n\n" : "").append(t);
            }
        }
        return sb.toString();
    }

    private String toolUse(JsonNode part) {
        JsonNode input = part.path("input");
        String summary = null;
        if ("Task".equals(Text.str(part, "name")) || "Agent".equals(Text.str(part, "name"))) {
            String agent = Text.str(input, "subagent_type");
            summary = Text.str(input, "description") + (agent == null ? "" : " (" + agent + ")");
        }
        if ("AskUserQuestion".equals(Text.str(part, "name")) && input.path("questions").isArray()) {
            summary = joined(input.path("questions"), q -> Text.str(q, "question"), " / ");
        } else if ("TodoWrite".equals(Text.str(part, "name")) && input.path("todos").isArray()) {
            // the list as it stands: what is done, under way and left is what a later session asks about
            summary = joined(input.path("todos"), t -> "[" + Text.str(t, "status") + "] " + Text.str(t, "content"), "; ");
        }
        for (int i = 0; summary == null && i < INPUT_KEYS.size(); i++) {
            summary = Text.str(input, INPUT_KEYS.get(i));
        }
        if (summary == null) {
            summary = input.isMissingNode() ? "" : input.toString();
        }
        return "tool " + Text.str(part, "name") + ": " + Text.oneLine(summary, Text.TOOL_INPUT_LIMIT);
    }

    /** The non-blank texts {@code piece} takes from an array's items, joined; null when there are none. */
    private static String joined(JsonNode items, java.util.function.Function<JsonNode, String> piece, String separator) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            String p = piece.apply(item);
            if (!Text.isBlank(p)) {
                out.add(p.strip());
            }
        }
        return out.isEmpty() ? null : String.join(separator, out);
    }

    private static String toolResult(JsonNode part) {
        String out = plain(part.path("content"));
        if (Text.isBlank(out)) {
            out = "(no output)";
        }
        String prefix = part.path("is_error").asBoolean() ? "error: " : "";
        // Claude Code's refusals, answers and acknowledgements carry instructions to the model after their meaning
        for (Pattern tail : INSTRUCTION_TAILS) {
            out = tail.matcher(out).replaceAll("");
        }
        return prefix + Text.truncate(Text.stripAnsi(out).strip(), Text.TOOL_OUTPUT_LIMIT);
    }
}
