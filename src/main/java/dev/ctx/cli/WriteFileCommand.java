package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Create or overwrite a memory file (one commit). Other front-matter keys of an existing file are kept.",
            "The body comes from --body, --body-file, or '-' for standard input."})
final class WriteFileCommand extends WriteCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File path or label, e.g. project/conventions.")
    String pathArg;

    @Parameters(index = "1", arity = "0..1", paramLabel = "-", description = "Read the body from standard input.")
    String dash;

    @Option(names = "--description", paramLabel = "TEXT", description = "One-line description (required for a new file).")
    String description;

    @Option(names = "--body", paramLabel = "TEXT", description = "The body text.")
    String body;

    @Option(names = "--body-file", paramLabel = "FILE", description = "Read the body from this file (UTF-8).")
    Path bodyFile;

    WriteFileCommand(Env env) {
        super(env);
    }

    @Override
    WriteResult write(Ctx ctx, Provenance who) throws Exception {
        if (dash != null && !dash.equals("-")) {
            throw new CtxException(Problem.USAGE, "unexpected argument '" + dash + "'; use '-' to read the body from standard input");
        }
        String text = BodyInput.read(env, body, bodyFile, dash != null, ctx.maxFileBytes());
        if (text == null) {
            throw new CtxException(Problem.USAGE, "give the body with --body TEXT, --body-file FILE or '-' (standard input)");
        }
        return ctx.write(path(pathArg), description, text, who);
    }
}
