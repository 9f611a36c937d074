package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.history.History;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileDiff;
import dev.ctx.model.Problem;
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
            History h = new History(ctx.store());
            String rev = null;
            String path = null;
            List<String> a = args == null ? List.of() : args;
            if (a.size() == 2) {
                rev = a.get(0);
                path = a.get(1);
            } else if (a.size() == 1) {
                if (a.get(0).contains("..") || isRevision(h, a.get(0))) {
                    rev = a.get(0);
                } else {
                    path = a.get(0);
                }
            }
            if (path != null) {
                path = HistoryViews.pathOrFolder(path);
            }
            List<FileDiff> diffs;
            String from = null;
            String to = null;
            if (rev == null) {
                diffs = h.diffWorkTree(path);
            } else {
                int dots = rev.indexOf("..");
                if (rev.contains("...")) {
                    throw new CtxException(Problem.USAGE, "'" + rev + "': use two dots (A..B)");
                }
                from = h.resolve(dots < 0 ? rev : rev.substring(0, dots));
                to = dots < 0 || rev.substring(dots + 2).isEmpty() ? h.tip() : h.resolve(rev.substring(dots + 2));
                diffs = h.diffCommits(from, to, path);
            }
            boolean workTree = rev == null;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("from", from);
            data.put("to", to == null ? "working-tree" : to);
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

    private static boolean isRevision(History h, String s) {
        try {
            h.resolve(s);
            return true;
        } catch (CtxException e) {
            return false;
        }
    }
}
