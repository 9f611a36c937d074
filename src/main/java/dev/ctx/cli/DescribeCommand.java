package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "describe", mixinStandardHelpOptions = true, description = "Change only the description of a memory file (one commit).")
final class DescribeCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "An existing memory file.")
    String pathArg;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The new one-line description.")
    String text;

    DescribeCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.describe(path(pathArg), text, who);
    }
}
