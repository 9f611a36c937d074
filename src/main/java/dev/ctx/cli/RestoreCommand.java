package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.RollbackResult;
import dev.ctx.model.TimeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Bring one file back as it was at a revision or a time, as one new commit (Ctx-Restored-From, and Ctx-Reverts for each "
                + "commit whose change to the file it undoes)."})
final class RestoreCommand extends BaseCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded as the Ctx-Reason trailer of the commit.")
    String reason;

    @Parameters(index = "0", paramLabel = "PATH", description = "File path or label.")
    String pathArg;

    @Option(names = "--at", required = true, paramLabel = "REV|TIME",
            description = "A revision (sha, HEAD~3, tag) or a time (2025-03-01, 2025-03-01T14:30, 2d): the branch as it was then.")
    String at;

    @Option(names = "--dry-run", description = "Show which commits' changes to the file would be undone; change nothing.")
    boolean dryRun;

    RestoreCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            String path = path(pathArg).value();
            if (TimeSpec.looksLikeTime(at)) {
                TimeSpec.parse(at, env.clock(), "--at"); // a malformed time is a usage error that names the option
            }
            RollbackResult r = ctx.restore(path(pathArg), at, who(reason), dryRun);
            out().result("restore", HistoryViews.outcome(r), o -> {
                if (dryRun) {
                    HistoryViews.printOutcome(o, r, true);
                } else if (r.write().changed()) {
                    o.println(r.write().commit().substring(0, 10) + " " + r.write().subject());
                } else {
                    o.println("unchanged: " + path + " is already as it was at " + at);
                }
            });
            return ExitCode.OK;
        }
    }
}
