package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Diff;
import dev.ctx.model.FileDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Memory changes: front-matter as key changes, the body as a unified diff.",
            "No REV: your uncommitted edits (working tree against HEAD). REV: from REV to HEAD. A..B: from A to B."})
final class DiffCommand extends BaseCommand {
    @Parameters(arity = "0..2", paramLabel = "[REV[..REV]] [PATH]", description = "A revision or range, then optionally a file, label or folder.")
    List<String> args;

    DiffCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            String rev = null;
            String path = null;
            List<String> a = args == null ? List.of() : args;
            if (a.size() == 2) {
                rev = a.get(0);
                path = a.get(1);
            } else if (a.size() == 1) {
                if (a.get(0).contains("..") || ctx.isRevision(a.get(0))) {
                    rev = a.get(0);
                } else {
                    path = a.get(0);
                }
            }
            if (path != null) {
                path = HistoryViews.pathOrFolder(path);
            }
            Diff diff = ctx.diff(rev, path);
            List<FileDiff> diffs = diff.diffs();
            boolean workTree = diff.workTree();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("from", diff.from());
            data.put("to", workTree ? "working-tree" : diff.to());
            data.put("diffs", diffs);
            out().result("diff", data, o -> {
                if (diffs.isEmpty()) {
                    o.println(workTree ? "no uncommitted changes" : "no changes");
                }
                diffs.forEach(d -> HistoryViews.printDiff(o, d));
            });
            return ExitCode.OK;
        }
    }
}
