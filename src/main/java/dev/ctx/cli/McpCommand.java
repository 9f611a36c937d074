package dev.ctx.cli;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import picocli.CommandLine.Command;

/**
 * Documents {@code ctx mcp}. The server itself is started by the process entry before the CLI runs, because
 * stdio is the protocol and must not pass through the CLI's output or the resident server: reaching this
 * command means it was called in a way that cannot serve (extra arguments, or through another process).
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve the Model Context Protocol over stdio for an agent (Claude Code, Codex...): tools to read the context, "
                + "search, read, list, write, edit, remember, delete, move, see history, revert, and list and read skills; "
                + "prompts init, remember and forget.",
            "Every write needs a reason and makes the commit the matching CLI command would, recording the client's name as the "
                + "agent and the MCP session as the session. stdout carries only the protocol; diagnostics go to stderr.",
            "Usage: ctx mcp [--repo DIR] (the repository as every command finds it: --repo, $CTX_REPO, or the nearest one)."})
final class McpCommand extends BaseCommand {
    McpCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        throw new CtxException(Problem.USAGE, "ctx mcp takes only --repo DIR and runs as its own process on stdio; see 'ctx mcp --help'");
    }
}
