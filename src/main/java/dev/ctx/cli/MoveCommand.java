package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mv", mixinStandardHelpOptions = true, description = "Move or rename a memory file, or a whole folder (one commit).")
final class MoveCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "File, label or folder to move.")
    String src;

    @Parameters(index = "1", paramLabel = "DST", description = "New path (must not exist).")
    String dst;

    MoveCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.move(src, dst, who);
    }
}
