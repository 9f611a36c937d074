package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replace", mixinStandardHelpOptions = true,
        description = {"Replace text in a memory file's body; the --old text must match exactly once (one commit).",
            "If a concurrent write changed it meanwhile, the write is refused as a conflict naming both sides."})
final class ReplaceCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "An existing memory file.")
    String pathArg;

    @Option(names = "--old", required = true, paramLabel = "TEXT", description = "Exact text to replace (must occur exactly once).")
    String oldText;

    @Option(names = "--new", required = true, paramLabel = "TEXT", description = "Replacement text (may be empty).")
    String newText;

    ReplaceCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        if (oldText.isEmpty()) {
            throw new CtxException(Problem.USAGE, "--old must not be empty");
        }
        return ctx.replace(path(pathArg), oldText, newText, who);
    }
}
