package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.LogQuery;
import dev.ctx.model.MemoryCommit;
import dev.ctx.model.Problem;
import dev.ctx.model.TimeSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"The branch's history in memory terms: operation, files, agent, session and reason of each commit, newest first.",
            "Here --agent and --session filter (they do not name who you are); a PATH follows the file through renames."})
final class LogCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Only commits that touched this file, label or folder.")
    String pathArg;

    @Option(names = "--op", paramLabel = "OP", description = "Only this operation (remember, write, replace, revert, restore, commit, merge...).")
    String op;

    @Option(names = "--since", paramLabel = "TIME", description = "Only commits at or after TIME (2025-03-01, 2025-03-01T14:30, 3d, 2h).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only commits at or before TIME.")
    String until;

    @Option(names = "--grep", paramLabel = "REGEX", description = "Only commits whose subject or reason matches (case-insensitive).")
    String grep;

    @Option(names = {"-n", "--max-count"}, paramLabel = "N", description = "At most N commits.")
    int max;

    LogCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        Instant from = since == null ? null : TimeSpec.parse(since, env.clock(), "--since");
        Instant to = until == null ? null : TimeSpec.parse(until, env.clock(), "--until");
        Pattern p = null;
        if (grep != null) {
            try {
                p = Pattern.compile(grep, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new CtxException(Problem.USAGE, "--grep '" + grep + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        if (max < 0) {
            throw new CtxException(Problem.USAGE, "--max-count must be positive");
        }
        String path = pathArg == null ? null : HistoryViews.pathOrFolder(pathArg);
        try (Ctx ctx = open()) {
            List<MemoryCommit> commits = ctx.log(new LogQuery(path, global.agent, global.session, op, from, to, p, max));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("commits", commits.stream().map(HistoryViews::commit).toList());
            out().result("log", data, o -> commits.forEach(c -> HistoryViews.printCommit(o, c)));
            return ExitCode.OK;
        }
    }
}
