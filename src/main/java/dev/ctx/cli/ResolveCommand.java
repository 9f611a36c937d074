package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Syncing;
import dev.ctx.model.WriteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Settle the sync conflicts left in a memory file, as one commit.",
            "--keep local keeps this clone's side of each conflict, remote the remote's, both (the default) this clone's lines then the remote's. "
                    + "A front-matter key keeps one value: the remote's, unless --keep local. Then run 'ctx sync' to share the result."})
final class ResolveCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The file with conflicts (as 'ctx sync' lists it under conflicts).")
    String path;

    @Option(names = "--keep", paramLabel = "SIDE", defaultValue = "both", description = "local, remote or both (default: ${DEFAULT-VALUE}).")
    String keep;

    @Option(names = "--reason", description = "Why, recorded in the commit.")
    String reason;

    ResolveCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        Syncing.Keep k = switch (keep) {
            case "local" -> Syncing.Keep.LOCAL;
            case "remote" -> Syncing.Keep.REMOTE;
            case "both" -> Syncing.Keep.BOTH;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--keep is '" + keep + "': give local, remote or both");
        };
        try (Ctx ctx = open()) {
            String file = path(path).value();
            WriteResult w = ctx.resolve(path(path), k, who(reason));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", file);
            data.put("commit", w.commit());
            data.put("kept", keep);
            out().result("resolve", data, o -> o.println("resolved " + file + " keeping " + keep + (w.commit() == null ? "" : " in " + w.commit().substring(0, 10))));
            return ExitCode.OK;
        }
    }
}
