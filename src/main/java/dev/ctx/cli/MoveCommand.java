package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.store.Operation;
import dev.ctx.store.Ops;
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
    Operation operation(Ctx ctx) throws Exception {
        boolean folder = !ctx.store().head().exists(path(src));
        return folder ? new Ops.Move(dev.ctx.model.RepoPath.parse(src, false), dev.ctx.model.RepoPath.parse(dst, false))
                : new Ops.Move(path(src), path(dst));
    }
}
