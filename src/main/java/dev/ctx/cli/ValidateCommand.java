package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Validation;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every rule of the format (docs/format.md), one line per finding.",
            "The rules: front-matter, descriptions, limits, the system/ budget, folder depth, skills (Agent Skills spec),",
            "UTF-8, size, likely secrets. Each finding reads",
            "path:line: rule: message. Exit 1 when there are errors (or warnings with --strict).",
            "Checks the working tree as it is (committed files plus uncommitted edits) unless --staged."})
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Only these files (default: the whole repository).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--all", description = "The whole repository, including repository-wide rules (the default without PATH).")
    boolean all;

    @Option(names = "--strict", description = "Warnings are errors: unknown keys, Claude Code skill keys, non-markdown files.")
    boolean strict;

    @Option(names = "--staged", description = "Check what 'git commit' would commit now (the index); used by the pre-commit hook.")
    boolean staged;

    ValidateCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            List<RepoPath> only = new ArrayList<>();
            if (!all) {
                for (String p : paths) {
                    only.add(path(p));
                }
            }
            Validation v = ctx.validate(only, staged, strict);
            List<Finding> judged = v.findings();
            long errors = v.errors();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("files", v.files());
            data.put("errors", errors);
            data.put("warnings", v.warnings());
            data.put("findings", judged);
            out().result("validate", data, o -> {
                judged.forEach(f -> o.println(f.toString()));
                o.println(v.files() + " files checked: " + errors + " errors, " + v.warnings() + " warnings");
            });
            return errors > 0 ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }
}
