package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remember", mixinStandardHelpOptions = true,
        description = {"Append one fact as a list item to a memory block (one commit), creating the block if missing.",
            "Default block: remember.default in ctx.yaml (system/notes.md). Remembering the same fact twice changes nothing."})
final class RememberCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "TEXT", description = "The fact, one line.")
    String fact;

    @Option(names = "--in", paramLabel = "PATH", description = "Block to append to.")
    String in;

    RememberCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.remember(in != null ? path(in) : null, fact, who);
    }
}
