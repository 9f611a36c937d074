package dev.ctx.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ctx's hooks in the Claude Code hook format (Codex reads the same shape): {@code hooks.EVENT} is a list of
 * groups, each with an optional {@code matcher} and a list of command hooks. ctx's commands end with
 * {@link #MARK}, a shell comment, so setup finds exactly its own entries again (to leave them, replace them or
 * take them out) whatever else the user keeps beside them.
 */
final class HookSet {
    static final String MARK = "# added by ctx setup";

    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();

    /** Adds one group for {@code event}: {@code matcher} (null: every occurrence) and its commands, each marked. */
    HookSet on(String event, String matcher, Integer timeout, String... commands) {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        if (matcher != null) {
            g.put("matcher", matcher);
        }
        ArrayNode hooks = g.putArray("hooks");
        for (String c : commands) {
            ObjectNode h = hooks.addObject().put("type", "command").put("command", c + " " + MARK);
            if (timeout != null) {
                h.put("timeout", timeout);
            }
        }
        groups.put(event, g);
        return this;
    }

    /**
     * Puts the groups into {@code file}'s {@code hooks}: an event whose only ctx entry is already exactly the
     * group is left as it is (setup twice changes nothing); otherwise ctx's old entries go and the group is
     * appended after the user's own.
     */
    void merge(JsonFile file) throws CtxException {
        ObjectNode hooks = file.object(file.root, "hooks");
        for (Map.Entry<String, ObjectNode> e : groups.entrySet()) {
            ArrayNode list = array(file, hooks, e.getKey());
            ArrayNode ours = list.arrayNode();
            for (JsonNode g : list) {
                if (isOurs(g)) {
                    ours.add(g);
                }
            }
            if (ours.size() == 1 && ours.get(0).equals(e.getValue())) {
                continue;
            }
            strip(list);
            list.add(e.getValue());
        }
    }

    /** Takes ctx's entries out of every event, and then whatever they leave empty (a group, an event, {@code hooks}). */
    static void remove(JsonFile file) {
        if (!(file.root.get("hooks") instanceof ObjectNode hooks)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = hooks.fields(); it.hasNext(); ) {
            if (it.next().getValue() instanceof ArrayNode list) {
                strip(list);
                if (list.isEmpty()) {
                    it.remove();
                }
            }
        }
        JsonFile.dropIfEmpty(file.root, "hooks");
    }

    private static ArrayNode array(JsonFile file, ObjectNode hooks, String event) throws CtxException {
        JsonNode n = hooks.get(event);
        if (n == null || n.isNull()) {
            return hooks.putArray(event);
        }
        if (n instanceof ArrayNode a) {
            return a;
        }
        throw new CtxException(Problem.REFUSED, file.path + ": hooks." + event + " is not a list; fix it, then run ctx setup again (nothing was written)");
    }

    /** Removes ctx's command hooks from each group, and a group left without hooks. */
    private static void strip(ArrayNode list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) instanceof ObjectNode g && g.get("hooks") instanceof ArrayNode hs) {
                for (int j = hs.size() - 1; j >= 0; j--) {
                    if (isOurCommand(hs.get(j))) {
                        hs.remove(j);
                    }
                }
                if (hs.isEmpty()) {
                    list.remove(i);
                }
            }
        }
    }

    private static boolean isOurs(JsonNode group) {
        if (group.get("hooks") instanceof ArrayNode hs) {
            for (JsonNode h : hs) {
                if (isOurCommand(h)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isOurCommand(JsonNode hook) {
        JsonNode c = hook.get("command");
        return c != null && c.isTextual() && c.asText().endsWith(MARK);
    }
}
