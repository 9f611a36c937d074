package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Delete a memory file (one commit; history keeps it, and 'ctx revert' or 'ctx restore' bring it back).")
final class ForgetCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File or label to delete.")
    String pathArg;

    ForgetCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.forget(path(pathArg), who);
    }
}
