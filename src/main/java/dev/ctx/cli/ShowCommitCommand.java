package dev.ctx.cli;

import dev.ctx.app.CommitChanges;
import dev.ctx.app.Ctx;
import dev.ctx.model.FileDiff;
import dev.ctx.model.MemoryCommit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show-commit", mixinStandardHelpOptions = true,
        description = "What one commit changed, in memory terms: who and why, then per file the front-matter keys and the body diff.")
final class ShowCommitCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "REV", description = "A commit (sha, HEAD~2, branch...).")
    String rev;

    ShowCommitCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            CommitChanges changes = ctx.showCommit(rev);
            MemoryCommit c = changes.commit();
            List<FileDiff> diffs = changes.diffs();
            Map<String, Object> data = HistoryViews.commit(c);
            data = new LinkedHashMap<>(data);
            data.put("diffs", diffs);
            out().result("show-commit", data, o -> {
                HistoryViews.printCommit(o, c);
                o.println();
                diffs.forEach(d -> HistoryViews.printDiff(o, d));
            });
            return ExitCode.OK;
        }
    }
}
