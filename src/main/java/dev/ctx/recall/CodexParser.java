package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.TranscriptFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Codex CLI rollout JSONL, old (0.77: {@code shell} function calls) and new (0.125+: {@code exec_command},
 * {@code apply_patch}, {@code event_msg} messages) shapes. Reasoning, token counts, turn contexts, snapshots
 * and the developer, AGENTS.md and environment preambles are dropped. A prompt or reply recorded both as a
 * response item and as an event becomes one turn. Without a {@code session_meta} line (an excerpt) the
 * session id comes from the file name.
 */
final class CodexParser {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> PREAMBLES = List.of("# AGENTS.md instructions", "<environment_context>",
            "<user_instructions>", "<permissions instructions>", "<INSTRUCTIONS>", "<developer_instructions>");
    private static final Pattern EXIT = Pattern.compile("Process exited with code (-?\\d+)");
    private static final Pattern PATCH_FILE = Pattern.compile("^\\*\\*\\* ((?:Add|Update|Delete) File: .+)$", Pattern.MULTILINE);

    private final ObjectMapper json;

    CodexParser(ObjectMapper json) {
        this.json = json;
    }

    /** Whether a parsed JSONL record looks like a rollout line. */
    static boolean looksLike(JsonNode r) {
        String type = Text.str(r, "type");
        return r.has("payload") && type != null
                && List.of("session_meta", "response_item", "event_msg", "turn_context", "compacted").contains(type);
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
            } catch (IOException e) {
                // counted: one torn line must not cost the session
            }
            skipped++;
        }
        return new ParseResult(TranscriptFormat.CODEX, List.of(transcript(file, records)), skipped);
    }

    private Transcript transcript(Path file, List<JsonNode> records) {
        String sessionId = null;
        Instant started = null;
        String cwd = null;
        for (JsonNode r : records) {
            JsonNode p = r.path("payload");
            if ("session_meta".equals(Text.str(r, "type")) && sessionId == null) {
                sessionId = Text.str(p, "id");
                started = Text.instant(Text.str(p, "timestamp"));
                cwd = Text.str(p, "cwd");
            } else if ("turn_context".equals(Text.str(r, "type")) && cwd == null) {
                cwd = Text.str(p, "cwd");
            }
        }
        if (sessionId == null) {
            Matcher m = UUID.matcher(file.getFileName().toString());
            while (m.find()) {
                sessionId = m.group();
            }
        }
        if (sessionId == null) {
            sessionId = Text.stem(file);
        }
        Builder b = new Builder(new TurnIds(sessionId));
        for (JsonNode r : records) {
            b.record(r);
        }
        if (started == null) {
            started = b.turns.stream().map(Turn::time).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        return new Transcript("codex", sessionId, null, started, cwd, b.turns);
    }

    private final class Builder {
        final TurnIds ids;
        final List<Turn> turns = new ArrayList<>();
        String lastRole;
        String lastMessage;
        /** call_id to the call's one-line summary: an output names the call it answers. */
        final Map<String, String> calls = new HashMap<>();

        Builder(TurnIds ids) {
            this.ids = ids;
        }

        void record(JsonNode r) {
            String type = Text.str(r, "type");
            JsonNode p = r.path("payload");
            Instant time = Text.instant(Text.str(r, "timestamp"));
            String kind = Text.str(p, "type");
            if ("compacted".equals(type)) {
                add(time, "system", Turn.COMPACTION_MARK + "\n\n" + Text.str(p, "message"), null);
            } else if ("event_msg".equals(type) && "user_message".equals(kind)) {
                message(time, "user", Text.str(p, "message"));
            } else if ("event_msg".equals(type) && "agent_message".equals(kind)) {
                message(time, "assistant", Text.str(p, "message"));
            } else if ("response_item".equals(type) && kind != null) {
                responseItem(time, kind, p);
            }
        }

        private void responseItem(Instant time, String kind, JsonNode p) {
            switch (kind) {
                case "message" -> {
                    String role = Text.str(p, "role");
                    if ("user".equals(role) || "assistant".equals(role)) {
                        message(time, role, parts(p.path("content")));
                    }
                }
                case "function_call" -> add(time, "assistant", call(Text.str(p, "name"), Text.str(p, "arguments")), Text.str(p, "call_id"));
                case "custom_tool_call" -> add(time, "assistant", custom(Text.str(p, "name"), Text.str(p, "input")), Text.str(p, "call_id"));
                case "local_shell_call" -> add(time, "assistant",
                        "tool shell: " + Text.oneLine(join(p.path("action").path("command")), Text.TOOL_INPUT_LIMIT), Text.str(p, "call_id"));
                case "web_search_call" -> add(time, "assistant",
                        "tool web_search: " + Text.oneLine(Text.str(p.path("action"), "query"), Text.TOOL_INPUT_LIMIT), null);
                case "function_call_output", "custom_tool_call_output" -> add(time, "tool", output(p.path("output")), Text.str(p, "call_id"));
                default -> {
                    // reasoning, ghost_snapshot and anything newer: nothing a person said
                }
            }
        }

        private void message(Instant time, String role, String text) {
            if (Text.isBlank(text) || preamble(text)) {
                return;
            }
            String t = text.strip();
            // The same prompt or reply arrives twice, as a response item and as an event, one right after the other.
            if (role.equals(lastRole) && t.equals(lastMessage)) {
                return;
            }
            lastRole = role;
            lastMessage = t;
            add(time, role, t, null);
        }

        private void add(Instant time, String role, String text, String callId) {
            if (Text.isBlank(text)) {
                return;
            }
            String body = text.strip();
            String id = ids.hashed(time, role, callId == null ? body : callId + '\n' + body);
            String answers = null;
            if (callId != null && role.equals("tool")) {
                answers = calls.get(callId);
            } else if (callId != null) {
                // a call: its output, later, names it
                calls.put(callId, body);
            }
            turns.add(new Turn(id, role, time, body, answers));
        }
    }

    private static String parts(JsonNode content) {
        if (content.isTextual()) {
            return preamble(content.asText()) ? null : content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String t = Text.str(part, "text");
            if (!Text.isBlank(t) && !preamble(t)) {
                sb.append(sb.length() > 0 ? "\n\n" : "").append(t.strip());
            }
        }
        return sb.toString();
    }

    private static boolean preamble(String text) {
        String t = text.stripLeading();
        return PREAMBLES.stream().anyMatch(t::startsWith);
    }

    private String call(String name, String arguments) {
        JsonNode args = null;
        try {
            args = arguments == null ? null : json.readTree(arguments);
        } catch (IOException e) {
            args = null;
        }
        String summary;
        if (args == null || !args.isObject()) {
            summary = arguments == null ? "" : arguments;
        } else if (args.has("cmd")) {
            summary = args.get("cmd").isArray() ? join(args.get("cmd")) : Text.str(args, "cmd");
        } else if (args.has("command")) {
            summary = args.get("command").isArray() ? join(args.get("command")) : Text.str(args, "command");
        } else if ("write_stdin".equals(name)) {
            String chars = Text.str(args, "chars");
            summary = "session " + Text.str(args, "session_id") + (Text.isBlank(chars) ? "" : " <- " + chars);
        } else {
            summary = args.toString();
        }
        return "tool " + name + ": " + Text.oneLine(summary, Text.TOOL_INPUT_LIMIT);
    }

    /** {@code ["bash","-lc","ls"]} reads best as {@code ls}. */
    private static String join(JsonNode command) {
        List<String> words = new ArrayList<>();
        command.forEach(w -> words.add(w.asText()));
        if (words.size() == 3 && words.get(1).equals("-lc") && words.get(0).matches("(/bin/)?(ba|z)?sh")) {
            return words.get(2);
        }
        return String.join(" ", words);
    }

    private static String custom(String name, String input) {
        if (input == null) {
            return "tool " + name;
        }
        Matcher m = PATCH_FILE.matcher(input);
        List<String> files = new ArrayList<>();
        while (m.find()) {
            files.add(m.group(1).strip());
        }
        String summary = files.isEmpty() ? input : String.join(", ", files);
        return "tool " + name + ": " + Text.oneLine(summary, Text.TOOL_INPUT_LIMIT);
    }

    /** Tool output: the JSON envelope of 0.77 and the "Chunk ID / Wall time" header of 0.125 reduced to exit status and output. */
    private String output(JsonNode node) {
        String out = node.isTextual() ? node.asText() : parts(node);
        String exit = null;
        if (out.startsWith("{")) {
            try {
                JsonNode env = json.readTree(out);
                if (env.isObject() && env.has("output")) {
                    out = Text.str(env, "output");
                    exit = Text.str(env.path("metadata"), "exit_code");
                }
            } catch (IOException e) {
                // not an envelope: keep the text
            }
        }
        if (out != null && out.startsWith("Chunk ID:")) {
            Matcher m = EXIT.matcher(out);
            exit = m.find() ? m.group(1) : null;
            int at = out.indexOf("\nOutput:");
            out = at < 0 ? out : out.substring(at + "\nOutput:".length());
            if (exit == null && out.isBlank()) {
                return null; // a poll of a still-running process that printed nothing yet
            }
        }
        out = out == null || out.isBlank() ? "(no output)" : Text.stripAnsi(out).strip();
        String prefix = exit == null ? "" : "exit " + exit + ": ";
        return Text.truncate(prefix + out, Text.TOOL_OUTPUT_LIMIT);
    }
}
