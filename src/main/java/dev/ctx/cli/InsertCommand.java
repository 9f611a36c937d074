package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "insert", mixinStandardHelpOptions = true, description = "Insert text before a line of a memory file's body (one commit).")
final class InsertCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "An existing memory file.")
    String pathArg;

    @Option(names = "--line", required = true, paramLabel = "N", description = "Body line to insert before (1-based; one past the last line appends).")
    int line;

    @Parameters(index = "1", paramLabel = "TEXT", description = "Text to insert.")
    String text;

    InsertCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        return ctx.insert(path(pathArg), line, text, who);
    }
}
