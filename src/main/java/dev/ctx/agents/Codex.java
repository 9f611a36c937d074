package dev.ctx.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Codex CLI: {@code [mcp_servers.ctx]} in its config.toml (a marked block, the rest of the file kept as
 * written, the result parsed to check it), a marked block in AGENTS.md, hooks in hooks.json (Codex runs
 * them only once a person trusts them), and skills in {@code .agents/skills/}: the repository's and the
 * memory procedures, since Codex has no MCP prompts.
 */
final class Codex {
    static final MarkedBlock TOML_BLOCK = new MarkedBlock(
            "# >>> ctx setup: written by 'ctx setup codex', taken out by 'ctx setup codex --remove'; edits inside are replaced >>>",
            "# <<< ctx setup <<<");
    static final MarkedBlock AGENTS_BLOCK = new MarkedBlock(
            "<!-- ctx setup: begin (written by 'ctx setup codex'; 'ctx setup codex --remove' takes it out) -->",
            "<!-- ctx setup: end -->");
    static final String[] PROCEDURES = {"ctx-init", "ctx-remember", "ctx-forget"};

    private Codex() {
    }

    static void plan(Plan plan, AgentSetup s, Path repo, Map<String, Map<String, FileContent>> repoSkills) throws CtxException {
        Path dir = s.user() ? s.codexHome() : s.project().resolve(".codex");
        config(plan, s, repo, dir.resolve("config.toml"));
        Path agentsMd = s.user() ? s.codexHome().resolve("AGENTS.md") : s.project().resolve("AGENTS.md");
        String before = Plan.read(agentsMd);
        plan.put(agentsMd, before, s.remove() ? AGENTS_BLOCK.remove(agentsMd, before) : AGENTS_BLOCK.put(agentsMd, before, instructions(repo)));

        JsonFile hooks = JsonFile.read(dir.resolve("hooks.json"));
        if (s.remove()) {
            HookSet.remove(hooks);
        } else {
            // Codex skips async hooks and has no SessionEnd: each new session hands the rollouts written since
            // the last run to a detached ingest, and so does a compaction; a dream asked for starts there too.
            String ingest = Setup.ctx(s, repo, "--agent codex recall ingest --codex-sessions --detach");
            new HookSet()
                    .on("SessionStart", null, 30, Setup.commands(Setup.dream(s, repo, "codex"), Setup.ctx(s, repo, "context"), ingest))
                    .on("PreCompact", null, null, ingest)
                    .merge(hooks);
            plan.note("Codex runs the hooks in " + dir.resolve("hooks.json") + " only after a person trusts them: start codex and approve them in /hooks");
            if (!s.user()) {
                plan.note("Codex reads " + dir.resolve("config.toml") + " only in a trusted project: trust it when codex asks, or run setup with --user");
            }
        }
        hooks.into(plan);

        Map<String, Map<String, FileContent>> skills = new LinkedHashMap<>();
        for (String p : PROCEDURES) {
            skills.put(p, Map.of("SKILL.md", FileContent.text(Setup.resource("skills/" + p + "/SKILL.md"))));
        }
        skills.putAll(repoSkills);
        SkillExport.plan(plan, (s.user() ? s.home() : s.project()).resolve(".agents/skills"), skills, s.remove());
    }

    private static void config(Plan plan, AgentSetup s, Path repo, Path file) throws CtxException {
        String before = Plan.read(file);
        TomlCheck.parse(file, before, "as it is");
        JsonNode theirs = TomlCheck.parse(file, TOML_BLOCK.outside(file, before), "outside ctx's block");
        if (!s.remove() && theirs.path("mcp_servers").has("ctx")) {
            throw CtxException.conflict(file + " already defines mcp_servers.ctx outside ctx's block; remove that entry, then run ctx setup again (nothing was written)");
        }
        String after;
        if (s.remove()) {
            after = TOML_BLOCK.remove(file, before);
        } else {
            after = TOML_BLOCK.put(file, before, "[mcp_servers.ctx]\n"
                    + "command = " + toml(s.launcher()) + "\n"
                    + "args = [\"--repo\", " + toml(repo.toString()) + ", \"mcp\"]\n"
                    + "startup_timeout_sec = 30\n");
            JsonNode parsed = TomlCheck.parse(file, after, "after ctx's edit");
            if (!s.launcher().equals(parsed.path("mcp_servers").path("ctx").path("command").asText())) {
                throw CtxException.conflict(file + ": ctx's [mcp_servers.ctx] block does not read back as written (another table of the file takes it over); move ctx's block to the end of the file and run ctx setup again");
            }
        }
        plan.put(file, before, after);
    }

    private static String instructions(Path repo) {
        return "## Memory (ctx)\n"
                + "\n"
                + "This project has a long-term memory: a git repository of markdown at `" + repo + "`, served to you by the\n"
                + "`ctx` MCP server (tools `memory_*` and `skill_*`; the same commands run as `ctx ...` in a shell).\n"
                + "\n"
                + "- At the start of a task, read it: call `memory_context` (the always-loaded `system/` blocks, the tree of\n"
                + "  on-demand files and the skills catalog), then `memory_search` for the task at hand.\n"
                + "- Trust it, and check it: prefer a stored fact to a guess; if one is wrong, fix it (skill `ctx-forget`).\n"
                + "- Save what you learn that will still hold next week with `memory_remember` or `memory_write`, always\n"
                + "  with a `reason` (skill `ctx-remember`). Never store secrets.\n"
                + "- A new or empty memory: follow the skill `ctx-init`.\n"
                + "- Every change is a git commit with your name and session; a person reviews them with `ctx log` and `ctx review`.\n";
    }

    private static String toml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
