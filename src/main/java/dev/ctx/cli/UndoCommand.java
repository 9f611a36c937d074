package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.RollbackResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Revert the last commit of this session (--session / $CTX_SESSION), else of this agent (--agent / $CTX_AGENT), "
                + "as one new commit. Repeated undo steps further back; revert commits themselves are skipped."})
final class UndoCommand extends BaseCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded as the Ctx-Reason trailer of the commit.")
    String reason;

    @Option(names = "--force", description = "Undo even where later commits by others changed the same lines.")
    boolean force;

    @Option(names = "--dry-run", description = "Show what would be undone; change nothing.")
    boolean dryRun;

    UndoCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            RollbackResult r = ctx.undo(who(reason), force, dryRun);
            out().result("undo", HistoryViews.outcome(r), o -> HistoryViews.printOutcome(o, r, dryRun));
            return ExitCode.OK;
        }
    }
}
