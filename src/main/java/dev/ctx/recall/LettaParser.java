package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.TranscriptFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Letta agent files ({@code .af}): the current schema ({@code agents[i].messages}), the legacy v0.6 single
 * agent object, and a file stored as a JSON string holding the JSON. Each agent becomes one transcript.
 * {@code send_message} calls become what the assistant said; the inner monologue a MemGPT-style assistant
 * writes beside its tool calls, and reasoning parts, are dropped; other tool calls become one line.
 */
final class LettaParser {
    /** Exports renumber agents as agent-0, agent-1; only a server-issued id names an agent across files. */
    private static final Pattern REAL_AGENT_ID = Pattern.compile("agent-[0-9a-f]{8}-[0-9a-f-]{27}");
    private static final int SYSTEM_LIMIT = 1000;

    private final ObjectMapper json;

    LettaParser(ObjectMapper json) {
        this.json = json;
    }

    ParseResult parse(Path file, String content) throws RecallException {
        JsonNode root = decode(file, content);
        List<JsonNode> agents = new ArrayList<>();
        if (root.path("agents").isArray()) {
            root.path("agents").forEach(agents::add);
        } else if (root.has("messages")) {
            agents.add(root);
        } else {
            throw new RecallException(file + ": not a Letta agent file (no agents[] and no messages[])");
        }
        List<Transcript> out = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            out.add(transcript(file, root, agents.get(i), i, agents.size()));
        }
        return new ParseResult(TranscriptFormat.LETTA, out, 0);
    }

    private JsonNode decode(Path file, String content) throws RecallException {
        try {
            JsonNode root = json.readTree(content);
            // Some published files hold the agent file as one JSON string.
            for (int depth = 0; root != null && root.isTextual() && depth < 2; depth++) {
                root = json.readTree(root.asText());
            }
            if (root == null || !root.isObject()) {
                throw new RecallException(file + ": not a Letta agent file (expected a JSON object)");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RecallException(file + ": not valid JSON: " + Text.oneLine(e.getOriginalMessage(), 200));
        }
    }

    private Transcript transcript(Path file, JsonNode root, JsonNode agent, int index, int count) {
        String agentId = Text.str(agent, "id");
        String sessionId;
        if (agentId != null && REAL_AGENT_ID.matcher(agentId).matches()) {
            sessionId = agentId;
        } else {
            sessionId = Text.slug(Text.stem(file)) + (count > 1 ? "/agent-" + index : "");
        }
        TurnIds ids = new TurnIds(sessionId);
        Set<String> sendMessageCalls = new HashSet<>();
        // tool_call id to the call's one-line summary: a tool return names the call it answers
        Map<String, String> calls = new HashMap<>();
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : agent.path("messages")) {
            Instant time = Text.instant(Text.str(m, "created_at"));
            String role = Text.str(m, "role");
            String text = switch (role == null ? "" : role) {
                case "assistant" -> assistant(m, sendMessageCalls, calls);
                case "tool" -> sendMessageCalls.contains(Text.str(m, "tool_call_id")) ? null
                        : Text.truncate(texts(m.path("content")), Text.TOOL_OUTPUT_LIMIT);
                case "system" -> Text.truncate(texts(m.path("content")), SYSTEM_LIMIT);
                case "user" -> texts(m.path("content"));
                default -> null;
            };
            if (Text.isBlank(text)) {
                continue;
            }
            String finalRole = role;
            if ("user".equals(role)) {
                String[] unwrapped = unwrapUser(text);
                finalRole = unwrapped[0];
                text = unwrapped[1];
            }
            String body = text.strip();
            String answers = "tool".equals(finalRole) ? calls.get(Text.str(m, "tool_call_id")) : null;
            turns.add(new Turn(ids.hashed(time, finalRole, body), finalRole, time, body, answers));
        }
        Instant started = Text.instant(Text.str(agent, "created_at"));
        if (started == null) {
            started = turns.stream().map(Turn::time).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(Text.instant(Text.str(root, "created_at")));
        }
        String title = Text.str(agent, "name");
        return new Transcript("letta", sessionId, title, started, null, turns);
    }

    private String assistant(JsonNode m, Set<String> sendMessageCalls, Map<String, String> byId) {
        JsonNode calls = m.path("tool_calls");
        if (!calls.isArray() || calls.isEmpty()) {
            return texts(m.path("content"));
        }
        // With tool calls, MemGPT-style content is the inner monologue: dropped like reasoning.
        StringBuilder sb = new StringBuilder();
        for (JsonNode call : calls) {
            String name = Text.str(call.path("function"), "name");
            String arguments = Text.str(call.path("function"), "arguments");
            JsonNode args = parse(arguments);
            String line;
            if ("send_message".equals(name) && args != null && args.has("message")) {
                sendMessageCalls.add(Text.str(call, "id"));
                line = Text.str(args, "message");
            } else {
                line = "tool " + name + ": " + Text.oneLine(args == null ? String.valueOf(arguments) : args.toString(), Text.TOOL_INPUT_LIMIT);
                if (Text.str(call, "id") != null) {
                    byId.put(Text.str(call, "id"), line);
                }
            }
            sb.append(sb.length() > 0 ? "\n\n" : "").append(line);
        }
        return sb.toString();
    }

    private JsonNode parse(String s) {
        try {
            return s == null ? null : json.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    /** Text parts only: reasoning, omitted and redacted reasoning parts are not recalled. */
    private static String texts(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(Text.str(part, "type")) && !Text.isBlank(Text.str(part, "text"))) {
                sb.append(sb.length() > 0 ? "\n\n" : "").append(Text.str(part, "text").strip());
            }
        }
        return sb.toString();
    }

    /**
     * MemGPT wraps what reaches the agent as JSON: {@code user_message} is the person speaking; login,
     * heartbeat and system alerts are the runtime, so they become system turns.
     */
    private String[] unwrapUser(String text) {
        JsonNode j = text.stripLeading().startsWith("{") ? parse(text) : null;
        if (j == null || !j.isObject() || Text.str(j, "type") == null) {
            return new String[] {"user", text};
        }
        String type = Text.str(j, "type");
        String message = Text.str(j, "message");
        if ("user_message".equals(type) && !Text.isBlank(message)) {
            return new String[] {"user", message};
        }
        StringBuilder sb = new StringBuilder(type);
        j.properties().forEach(e -> {
            if (!e.getKey().equals("type") && !e.getKey().equals("time") && !e.getValue().isNull()) {
                sb.append(sb.length() == type.length() ? ": " : ", ").append(e.getKey()).append(' ').append(e.getValue().asText());
            }
        });
        return new String[] {"system", sb.toString()};
    }
}
