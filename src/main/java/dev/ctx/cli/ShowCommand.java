package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Shown;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a memory file or skill (front-matter and body) as committed, or as it was at a revision.")
final class ShowCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File path or label (system/human = system/human.md; skills/NAME = its SKILL.md).")
    String pathArg;

    @Option(names = "--at", paramLabel = "REV", description = "Show the file as it was at this revision (commit, branch, HEAD~2...).")
    String at;

    ShowCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            Shown shown = ctx.show(path(pathArg), at);
            String t = shown.text();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", shown.path());
            data.put("commit", shown.commit());
            if (shown.parsed()) {
                data.put("description", shown.description());
                data.put("front_matter", shown.frontMatter());
                data.put("body", shown.body());
            } else {
                data.put("body", shown.body());
                data.put("format_error", shown.formatError());
            }
            data.put("text", t);
            out().result("show", data, o -> o.print(t.endsWith("\n") ? t : t + "\n"));
            return ExitCode.OK;
        }
    }
}
