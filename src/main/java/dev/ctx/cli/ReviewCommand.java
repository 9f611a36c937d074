package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.ReviewResult;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.ReviewReport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"A report of what a branch teaches, for a pull request: per file facts added and removed, description changes, "
                + "files created, deleted, moved or split, growth of system/ against its budget, validation, likely duplicates, and who taught what.",
            "Exit 0: nothing blocks a merge; 1: validation errors or system/ over budget."})
final class ReviewCommand extends BaseCommand {
    enum Format { MD, JSON }

    @Parameters(index = "0", arity = "0..1", paramLabel = "BASE..HEAD",
            description = "The range (BASE alone means BASE..HEAD). Default: the branch's upstream, else the previous commit.")
    String range;

    @Option(names = "--dream", paramLabel = "ID", description = "Review one dream's commits (its base..ctx/dream/ID) instead of a range.")
    String dream;

    @Option(names = "--format", paramLabel = "md|json", description = "Markdown for people (default) or JSON (same as --json).")
    Format format = Format.MD;

    @Option(names = "--threshold", paramLabel = "0..1", description = "Similarity at which an added fact counts as a likely duplicate (default: 0.7).")
    double threshold = Ctx.REVIEW_THRESHOLD;

    ReviewCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        if (threshold <= 0 || threshold > 1) {
            throw new CtxException(Problem.USAGE, "--threshold must be above 0 and at most 1");
        }
        if (format == Format.JSON) {
            global.json = true;
        }
        if (dream != null && range != null) {
            throw new CtxException(Problem.USAGE, "give a range or --dream ID, not both");
        }
        try (Ctx ctx = open()) {
            ReviewResult result = ctx.review(dream != null ? ctx.dreamRange(dream) : range, threshold);
            ReviewReport r = result.report();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("range", r.range());
            data.put("base", r.base());
            data.put("head", r.head());
            data.put("commits", r.commits());
            data.put("blocking", r.blocking());
            data.put("blockers", r.blockers());
            data.put("files", r.files());
            Map<String, Object> system = new LinkedHashMap<>();
            ReviewReport.Budget b = r.system();
            system.put("chars_before", b.charsBefore());
            system.put("chars_after", b.charsAfter());
            system.put("tokens_before", b.tokensBefore());
            system.put("tokens_after", b.tokensAfter());
            system.put("budget_chars", b.budgetChars());
            system.put("budget_tokens", b.budgetTokens());
            system.put("over_budget", b.over());
            data.put("system", system);
            data.put("findings", r.findings());
            data.put("duplicates", r.duplicates());
            data.put("contributors", r.contributors());
            out().result("review", data, o -> o.print(result.markdown()));
            return r.blocking() ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }
}
