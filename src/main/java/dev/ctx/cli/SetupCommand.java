package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.SetupResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Wire an agent to this context repository in one command: its MCP server entry, hooks that load the "
                + "memory at session start and ingest transcripts, instructions and skills. Existing configuration is merged, "
                + "never replaced; running it again changes nothing; --remove takes out exactly what it added. See docs/agents.md.")
final class SetupCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "AGENT", description = "claude-code or codex.")
    String agent;

    @Option(names = "--project", paramLabel = "DIR", description = "The project folder whose agent configuration is written (default: the current folder).")
    Path project;

    @Option(names = "--user", description = "Write the user's own configuration (~/.claude.json and ~/.claude/, or ~/.codex/ and ~/.agents/) instead of a project's.")
    boolean user;

    @Option(names = "--remove", description = "Take out what setup added, and nothing else.")
    boolean remove;

    @Option(names = "--dry-run", description = "Show the diff of every file setup would change, and write nothing.")
    boolean dryRun;

    @Option(names = "--dream", arity = "0..1", fallbackValue = "merge", paramLabel = "merge|review",
            description = "Also dream when a session ends (Codex: when the next one starts), only when enough was learned since "
                    + "the last dream: 'merge' (the default) lands what passes the checks, 'review' keeps it on its branch for a person.")
    String dream;

    SetupCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        AgentSetup.Agent a;
        try {
            a = AgentSetup.Agent.parse(agent);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (user && project != null) {
            throw new ParameterException(spec.commandLine(), "--user and --project name different places; pass one of them");
        }
        String home = env.var("HOME");
        if (user && home == null) {
            throw new ParameterException(spec.commandLine(), "--user needs HOME to be set");
        }
        Path homeDir = home == null ? null : Path.of(home);
        Path codexHome = env.var("CODEX_HOME") != null ? Path.of(env.var("CODEX_HOME")) : homeDir == null ? null : homeDir.resolve(".codex");
        Path dir = project == null ? env.cwd() : env.cwd().resolve(project).toAbsolutePath().normalize();
        // The hooks and the MCP entry run the same ctx as this one: the launcher script by absolute path when it
        // started this run, else whatever `ctx` is on the agent's PATH.
        String launcher = env.var("CTX_LAUNCHER") != null ? env.var("CTX_LAUNCHER") : "ctx";
        AgentSetup.Dream d;
        try {
            d = dream == null ? AgentSetup.Dream.NONE : AgentSetup.Dream.parse(dream);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AgentSetup request = new AgentSetup(a, dir, user, homeDir, codexHome, launcher, remove, dryRun, d);
        if (remove) {
            report(Ctx.removeAgentSetup(request, repoRoot()));
            return ExitCode.OK;
        }
        try (Ctx ctx = open()) {
            report(ctx.setupAgent(request));
            return ExitCode.OK;
        }
    }

    private void report(SetupResult r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent", r.agent().label());
        data.put("remove", r.remove());
        data.put("dry_run", r.dryRun());
        List<Map<String, Object>> edits = new ArrayList<>();
        for (SetupResult.FileEdit e : r.edits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", e.path().toString());
            m.put("action", e.action().name().toLowerCase(java.util.Locale.ROOT));
            m.put("diff", e.diff());
            edits.add(m);
        }
        data.put("files", edits);
        data.put("notes", r.notes());
        out().result("setup", data, o -> {
            if (r.edits().isEmpty()) {
                o.println(r.remove() ? "nothing to remove: " + r.agent().label() + " has no ctx setup here"
                        : "unchanged: " + r.agent().label() + " is already set up");
            }
            for (SetupResult.FileEdit e : r.edits()) {
                String verb = switch (e.action()) {
                    case CREATE -> r.dryRun() ? "would create" : "created";
                    case MODIFY -> r.dryRun() ? "would update" : "updated";
                    case DELETE -> r.dryRun() ? "would delete" : "deleted";
                };
                o.println(verb + " " + e.path());
                if (r.dryRun()) {
                    o.print(e.diff());
                }
            }
            for (String n : r.notes()) {
                o.println("note: " + n);
            }
        });
    }
}
