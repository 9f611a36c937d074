package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.ExportResult;
import dev.ctx.model.ImportFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the pinned memory (all of system/) out as one instructions file, for agents that read only CLAUDE.md or "
                + "AGENTS.md: a marked block, merged into an existing file whose other text is kept; running it again with the "
                + "same memory changes nothing. See docs/import.md.")
final class ExportCommand extends BaseCommand {
    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "claude-md or agents-md.")
    String to;

    @Parameters(index = "0", paramLabel = "FILE", description = "The instructions file to write, such as ../CLAUDE.md.")
    Path file;

    @Option(names = "--dry-run", description = "Print the file as it would be, and write nothing.")
    boolean dryRun;

    ExportCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        ImportFormat f;
        try {
            f = ImportFormat.parse(to);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--to must be claude-md or agents-md, not '" + to + "'");
        }
        if (f != ImportFormat.CLAUDE_MD && f != ImportFormat.AGENTS_MD) {
            throw new ParameterException(spec.commandLine(), "--to must be claude-md or agents-md, not '" + to + "'");
        }
        Path target = env.cwd().resolve(file).toAbsolutePath().normalize();
        try (Ctx ctx = open()) {
            ExportResult r = ctx.export(f, target, dryRun);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("file", r.file().toString());
            data.put("to", r.to());
            data.put("exported", r.exported());
            data.put("changed", r.changed());
            data.put("dry_run", r.dryRun());
            if (r.dryRun()) {
                data.put("text", r.text());
            }
            out().result("export", data, o -> {
                if (r.dryRun()) {
                    o.print(r.text());
                    o.println("dry run: " + r.file() + " would " + (r.changed() ? (r.created() ? "be created" : "change") : "stay as it is") + "; nothing was written");
                } else if (!r.changed()) {
                    o.println("unchanged: " + r.file() + " already holds the pinned memory");
                } else {
                    o.println((r.created() ? "created " : "updated ") + r.file() + ": " + r.exported().size() + " pinned files in ctx's marked block");
                }
            });
            return ExitCode.OK;
        }
    }
}
