package dev.ctx.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.HookInput;
import dev.ctx.model.Problem;
import dev.ctx.model.SetupResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ctx setup}: wires one agent to a context repository. Every file is read and every edit planned
 * (and checked) first; only then is anything written, and with {@code dryRun} nothing is.
 */
public final class Setup {
    private Setup() {
    }

    /** {@code skills}: the repository's skills, folder name to (path inside the folder to bytes and mode); empty for a removal. */
    public static SetupResult run(AgentSetup s, Path repo, Map<String, Map<String, FileContent>> skills) throws CtxException {
        Plan plan = new Plan();
        switch (s.agent()) {
            case CLAUDE_CODE -> ClaudeCode.plan(plan, s, repo, skills);
            case CODEX -> Codex.plan(plan, s, repo, skills);
        }
        List<SetupResult.FileEdit> edits = plan.fileEdits(s.user() ? s.home() : s.project());
        if (!s.dryRun()) {
            plan.apply();
        }
        return new SetupResult(s.agent(), s.remove(), s.dryRun(), edits, edits.isEmpty() ? List.of() : plan.notes());
    }

    /** The shell command a hook runs: this ctx (by absolute path when known), on this repository, with {@code args}. */
    static String ctx(AgentSetup s, Path repo, String args) {
        return quote(s.launcher()) + " --repo " + quote(repo.toString()) + " " + args;
    }

    /**
     * The dream a session's end starts when setup was asked for one: only when enough was learned since the last
     * ({@code --if-due}), handed to a detached ctx so the hook returns at once; null when none was asked for.
     */
    static String dream(AgentSetup s, Path repo, String agent) {
        return switch (s.dream()) {
            case NONE -> null;
            case MERGE -> ctx(s, repo, "--agent " + agent + " dream --if-due --detach");
            case REVIEW -> ctx(s, repo, "--agent " + agent + " dream --if-due --review --detach");
        };
    }

    /** The commands of one hook group: {@code always}, then {@code optional} when there is one (the dream). */
    static String[] commands(String optional, String... always) {
        if (optional == null) {
            return always;
        }
        String[] all = java.util.Arrays.copyOf(always, always.length + 1);
        all[always.length] = optional;
        return all;
    }

    /** Single-quoted for sh, so paths with spaces or dollar signs reach ctx unchanged. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    static String resource(String name) throws CtxException {
        try (InputStream in = Setup.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CtxException.io("cannot read the bundled " + name + ": " + e.getMessage(), e);
        }
    }

    /** What a Claude Code or Codex hook gets on stdin. */
    public static HookInput hookInput(String json) throws CtxException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new CtxException(Problem.USAGE, "the hook input on stdin is not JSON (" + e.getOriginalMessage()
                    + "); --hook is for an agent's hook, which sends {\"transcript_path\": ...}");
        }
        if (n == null || !n.isObject()) {
            throw new CtxException(Problem.USAGE, "the hook input on stdin is not a JSON object; --hook is for an agent's hook, which sends {\"transcript_path\": ...}");
        }
        return new HookInput(text(n, "transcript_path"), text(n, "session_id"), text(n, "hook_event_name"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
