package dev.ctx.agents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import java.nio.file.Path;
import java.util.Map;

/**
 * Claude Code: the MCP server in {@code .mcp.json} (user scope: {@code ~/.claude.json}), hooks in
 * {@code .claude/settings.json} and the repository's skills in {@code .claude/skills/}. The memory
 * procedures (init, remember, forget) reach Claude Code as the MCP server's prompts, so they are not
 * exported here.
 */
final class ClaudeCode {
    /** Every way a Claude Code session starts, so the memory is back after a resume, /clear or a compaction. */
    static final String SESSION_START_SOURCES = "startup|resume|clear|compact";

    /** Seconds a hand-off hook may take at most; it returns as soon as the detached ctx is started. */
    static final int HAND_OFF_TIMEOUT = 10;

    private ClaudeCode() {
    }

    static void plan(Plan plan, AgentSetup s, Path repo, Map<String, Map<String, FileContent>> skills) throws CtxException {
        Path base = s.user() ? s.home() : s.project();
        JsonFile mcp = JsonFile.read(s.user() ? s.home().resolve(".claude.json") : s.project().resolve(".mcp.json"));
        JsonFile settings = JsonFile.read(base.resolve(".claude/settings.json"));
        if (s.remove()) {
            if (mcp.root.get("mcpServers") instanceof ObjectNode servers) {
                servers.remove("ctx");
                JsonFile.dropIfEmpty(mcp.root, "mcpServers");
            }
            HookSet.remove(settings);
        } else {
            ObjectNode servers = mcp.object(mcp.root, "mcpServers");
            ObjectNode entry = JsonNodeFactory.instance.objectNode().put("type", "stdio").put("command", s.launcher());
            entry.putArray("args").add("--repo").add(repo.toString()).add("mcp");
            if (!entry.equals(servers.get("ctx"))) {
                servers.set("ctx", entry);
            }
            // SessionEnd gets 1.5 s unless its hook sets a timeout: the command only reads its input and hands the
            // transcript to a detached ctx (well under a second), and the timeout covers a slow JVM start on a busy machine.
            String ingest = Setup.ctx(s, repo, "--agent claude-code recall ingest --hook --detach");
            new HookSet()
                    .on("SessionStart", SESSION_START_SOURCES, 30, Setup.ctx(s, repo, "context"))
                    .on("PreCompact", null, HAND_OFF_TIMEOUT, ingest)
                    .on("SessionEnd", null, HAND_OFF_TIMEOUT, Setup.commands(Setup.dream(s, repo, "claude-code"), ingest))
                    .merge(settings);
        }
        mcp.into(plan);
        settings.into(plan);
        SkillExport.plan(plan, base.resolve(".claude/skills"), skills, s.remove());
    }
}
