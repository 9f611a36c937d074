package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.RevertTarget;
import dev.ctx.app.RollbackResult;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.TimeSpec;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = {"Undo commits as ONE new commit (history is never rewritten); it names each commit it undoes in a Ctx-Reverts trailer.",
            "Give revisions or ranges (A..B), or --session ID, --agent NAME (optionally --since TIME) or --dream ID: here --agent and "
                + "--session choose whose work to undo; the revert itself is recorded with $CTX_AGENT / $CTX_SESSION.",
            "Later work by others stays. Where a later commit changed the same lines, ctx names it and stops, unless --force."})
final class RevertCommand extends BaseCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded as the Ctx-Reason trailer of the commit.")
    String reason;

    @Parameters(arity = "0..*", paramLabel = "REV", description = "Commits or ranges A..B to undo.")
    List<String> revs;

    @Option(names = "--since", paramLabel = "TIME", description = "With --agent or --session: only commits at or after TIME (2025-03-01, 3d, 2h).")
    String since;

    @Option(names = "--dream", paramLabel = "ID", description = "Undo every commit of one dream (Ctx-Dream: ID).")
    String dream;

    @Option(names = "--force", description = "Undo even where later commits by others changed the same lines (their change to those lines goes too).")
    boolean force;

    @Option(names = "--dry-run", description = "Show what would be undone and any conflicts; change nothing.")
    boolean dryRun;

    RevertCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        RevertTarget sel = selection();
        try (Ctx ctx = open()) {
            Provenance who = Provenance.of(env.var("CTX_AGENT"), env.var("CTX_SESSION"), reason);
            RollbackResult r = ctx.revert(sel, who, force, dryRun);
            out().result("revert", HistoryViews.outcome(r), o -> HistoryViews.printOutcome(o, r, dryRun));
            return ExitCode.OK;
        }
    }

    private RevertTarget selection() throws CtxException {
        boolean hasRevs = revs != null && !revs.isEmpty();
        int modes = (hasRevs ? 1 : 0) + (global.session != null ? 1 : 0) + (global.agent != null ? 1 : 0) + (dream != null ? 1 : 0);
        if (modes != 1) {
            throw new CtxException(Problem.USAGE, modes == 0 ? "say what to undo: REV..., --session ID, --agent NAME or --dream ID"
                    : "give only one of REV..., --session, --agent or --dream");
        }
        if (since != null && global.session == null && global.agent == null) {
            throw new CtxException(Problem.USAGE, "--since goes with --session or --agent");
        }
        Instant from = since == null ? null : TimeSpec.parse(since, env.clock(), "--since");
        if (hasRevs) {
            return new RevertTarget.Commits(revs);
        }
        if (global.session != null) {
            return new RevertTarget.Session(global.session, from);
        }
        if (global.agent != null) {
            return new RevertTarget.Agent(global.agent, from);
        }
        return new RevertTarget.Dream(dream);
    }
}
