package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "append", mixinStandardHelpOptions = true, description = "Append text to the end of a memory file's body (one commit).")
final class AppendCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "An existing memory file.")
    String pathArg;

    @Parameters(index = "1", paramLabel = "TEXT", description = "Text to append (a newline is added).")
    String text;

    AppendCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.append(path(pathArg), text, who);
    }
}
