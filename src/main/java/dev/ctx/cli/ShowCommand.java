package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
            Snapshot snap = at == null ? ctx.store().head() : ctx.store().at(at);
            RepoPath path = path(pathArg);
            Optional<String> text = snap.read(path);
            if (text.isEmpty() && !path.isSkillFile() && path.segments().get(0).equals("skills") && path.segments().size() == 2) {
                path = RepoPath.of(path.label() + "/SKILL.md");
                text = snap.read(path);
            }
            if (text.isEmpty()) {
                throw CtxException.notFound(path + " does not exist" + (at != null ? " at " + at : "") + "; see 'ctx list'");
            }
            String t = text.get();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", path.value());
            data.put("commit", snap.commit());
            try {
                Document d = Document.parse(t);
                data.put("description", d.description());
                data.put("front_matter", d.frontMatter().values());
                data.put("body", d.body());
            } catch (FormatException e) {
                data.put("body", t);
                data.put("format_error", e.getMessage());
            }
            data.put("text", t);
            out().result("show", data, o -> o.print(t.endsWith("\n") ? t : t + "\n"));
            return ExitCode.OK;
        }
    }
}
