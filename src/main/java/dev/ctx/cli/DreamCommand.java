package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Dreaming;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamEntry;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.DreamReport;
import dev.ctx.model.DreamRequest;
import dev.ctx.model.PassReport;
import dev.ctx.model.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dream", mixinStandardHelpOptions = true,
        description = {"Consolidate memory in a separate git worktree on a new branch ctx/dream/ID: merge duplicate facts, split files over "
                + "their limit, bring system/ within budget, archive superseded facts, fill descriptions, normalise front-matter, and "
                + "optionally let a model or an agent command reflect on recent recall. Every pass is one checked commit; the result is "
                + "merged, kept for review, or kept as a proposal when it conflicts. See docs/dreaming.md.",
            "Exit 0: merged, kept for review, no changes, or a dry run; 1: failed (the phase is named); 5: conflict (the branch stays)."},
        subcommands = {DreamCommand.ListDreams.class, DreamCommand.Show.class, DreamCommand.Accept.class, DreamCommand.Reject.class})
final class DreamCommand extends BaseCommand {
    @Option(names = "--passes", split = ",", paramLabel = "LIST",
            description = "The passes to run, comma-separated (default: archive, dedupe, split, budget, describe, frontmatter; add model or agent).")
    List<String> passes = new ArrayList<>();

    @Option(names = "--review", description = "Keep the branch for review instead of merging it ('ctx dream accept ID' merges it later).")
    boolean review;

    @Option(names = "--push", paramLabel = "REMOTE", description = "With --review, push the branch to REMOTE for a pull request (never forced).")
    String push;

    @Option(names = "--model", description = "Add the model pass: the OpenAI-compatible chat endpoint of ctx.yaml's dream.model reads memory and recent recall and proposes edits.")
    boolean model;

    @Option(names = "--agent-command", paramLabel = "CMD",
            description = "Add the agent pass: run CMD (for example \"claude -p\" or \"codex exec\") in the worktree with a reflection prompt as its last argument.")
    String agentCommand;

    @Option(names = "--dry-run", description = "Say what the deterministic passes would change, without a worktree, a branch or a commit.")
    boolean dryRun;

    @Option(names = "--if-due", description = "Dream only when enough was learned since the last dream (dream.due_after_commits commits, default 20).")
    boolean ifDue;

    @Option(names = "--detach", description = "Hand the dream to a detached ctx and return at once (for an agent's session-end hook; its output goes to a log under the git directory).")
    boolean detach;

    DreamCommand(Env env) {
        super(env);
    }

    /** The same dream as a command line for the detached ctx, provenance explicit. */
    private List<String> again(Path root, dev.ctx.model.Provenance who) {
        List<String> args = new ArrayList<>(List.of("--repo", root.toString()));
        if (who.agent() != null) {
            args.addAll(List.of("--agent", who.agent()));
        }
        if (who.session() != null) {
            args.addAll(List.of("--session", who.session()));
        }
        args.add("dream");
        if (!passes.isEmpty()) {
            args.add("--passes=" + String.join(",", passes));
        }
        if (review) {
            args.add("--review");
        }
        if (push != null) {
            args.add("--push=" + push);
        }
        if (model) {
            args.add("--model");
        }
        if (agentCommand != null) {
            args.add("--agent-command=" + agentCommand);
        }
        if (ifDue) {
            args.add("--if-due");
        }
        return args;
    }

    @Override
    ExitCode execute() throws Exception {
        if (push != null && !review) {
            throw new CtxException(Problem.USAGE, "--push needs --review: only a kept branch is pushed");
        }
        for (String p : passes) {
            if (!Dreaming.passes().contains(p.strip().toLowerCase(Locale.ROOT))) {
                throw new CtxException(Problem.USAGE, "unknown pass '" + p + "' for --passes; passes are " + String.join(", ", Dreaming.passes()));
            }
        }
        List<String> names = passes.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
        if (detach) {
            if (dryRun) {
                throw new CtxException(Problem.USAGE, "--dry-run prints what would change: it cannot run detached");
            }
            Path root = repoRoot();
            Path log = Ctx.startDetached(root, SelfLaunch.self(again(root, who(null))), "dream", env.vars());
            // A notice on stderr only: a hook's stdout may go into the agent's context.
            out().note("dreaming in the background; its output goes to " + log);
            return ExitCode.OK;
        }
        try (Ctx ctx = open()) {
            DreamReport r = ctx.dream(new DreamRequest(names, review, push, model, agentCommand, dryRun, ifDue, who(null)));
            out().result("dream", json(r), o -> text(o, r));
            DreamOutcome outcome = r.outcome();
            if (outcome instanceof DreamOutcome.Conflict) {
                return ExitCode.CONFLICT;
            }
            return outcome instanceof DreamOutcome.Failed ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }

    static Map<String, Object> json(DreamReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("branch", r.branch());
        m.put("base", r.base());
        m.put("dry_run", r.dryRun());
        m.put("outcome", r.outcome() == null ? null : outcome(r.outcome()));
        List<Map<String, Object>> passes = new ArrayList<>();
        for (PassReport p : r.passes()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("pass", p.pass());
            pm.put("status", p.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            pm.put("commit", p.commit());
            pm.put("summary", p.summary());
            pm.put("reason", p.reason());
            pm.put("dropped", p.dropped());
            passes.add(pm);
        }
        m.put("passes", passes);
        m.put("would_change", r.wouldChange());
        m.put("note", r.note());
        return m;
    }

    static Map<String, Object> outcome(DreamOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", o.kind());
        if (o instanceof DreamOutcome.Merged x) {
            m.put("how", x.how());
            m.put("commit", x.commit());
        } else if (o instanceof DreamOutcome.KeptForReview x) {
            m.put("branch", x.branch());
            m.put("pushed_to", x.pushedTo());
        } else if (o instanceof DreamOutcome.Conflict x) {
            m.put("branch", x.branch());
            m.put("paths", x.paths());
        } else if (o instanceof DreamOutcome.Failed x) {
            m.put("phase", x.phase());
            m.put("reason", x.reason());
            m.put("branch", x.branch());
        }
        return m;
    }

    static void text(PrintStream o, DreamReport r) {
        if (r.note() != null) {
            o.println("note: " + r.note());
        }
        if (r.id() != null) {
            o.println("dream " + r.id() + (r.branch() != null ? " on " + r.branch() : "") + " from " + r.base().substring(0, 10));
        } else if (r.dryRun()) {
            o.println("dry run from " + r.base().substring(0, 10) + ": nothing was written");
        }
        for (PassReport p : r.passes()) {
            String status = p.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            o.println(String.format("  %-11s %-14s %s", p.pass(), status, p.summary() == null ? "" : p.summary()));
            if (p.reason() != null) {
                o.println("              reason: " + p.reason());
            }
        }
        if (!r.wouldChange().isEmpty()) {
            o.println("would change: " + String.join(", ", r.wouldChange()));
        }
        if (r.outcome() != null) {
            o.println(describe(r.outcome()));
        }
    }

    static String describe(DreamOutcome o) {
        if (o instanceof DreamOutcome.Merged x) {
            return "merged (" + x.how() + ") at " + x.commit().substring(0, 10) + "; undo with 'ctx revert --dream " + x.id() + "'";
        }
        if (o instanceof DreamOutcome.KeptForReview x) {
            return "kept for review on " + x.branch() + (x.pushedTo() != null ? ", pushed to " + x.pushedTo() : "")
                    + "; see 'ctx dream show " + x.id() + "', then 'ctx dream accept " + x.id() + "' or 'ctx dream reject " + x.id() + "'";
        }
        if (o instanceof DreamOutcome.Conflict x) {
            return "conflict: the branch moved in a way that does not merge (" + String.join(", ", x.paths()) + "); "
                    + x.branch() + " is kept: 'ctx dream accept " + x.id() + "' retries";
        }
        if (o instanceof DreamOutcome.Failed x) {
            return "failed in phase " + x.phase() + ": " + x.reason() + "; what was committed stays on " + x.branch();
        }
        return "no changes: memory is already tidy";
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the dreams of this repository with their state: pending (not merged), merged, kept-for-review, conflict, failed or rejected.")
    static final class ListDreams extends BaseCommand {
        ListDreams(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                List<DreamEntry> all = ctx.dreamList();
                out().result("dream list", all, o -> {
                    if (all.isEmpty()) {
                        o.println("no dreams yet; run 'ctx dream'");
                    }
                    for (DreamEntry e : all) {
                        o.println(String.format("%-22s %-16s %2d commit%s  %s%s", e.id(), e.state(), e.commits(), e.commits() == 1 ? " " : "s",
                                e.branch() == null ? "(rejected)" : e.branch(), e.note() == null ? "" : "  " + e.note()));
                    }
                });
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one dream: its state, its passes and why any was dropped, and the review of its commits (facts added and removed, files moved or split).")
    static final class Show extends BaseCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The dream's id (see 'ctx dream list').")
        String id;

        Show(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                Dreaming.Shown s = ctx.dreamShow(id);
                Map<String, Object> data = json(s.report());
                data.put("state", s.report().note());
                data.put("range", s.range());
                data.put("review", s.review() == null ? null : s.review().markdown());
                out().result("dream show", data, o -> {
                    o.println("dream " + id + ": " + s.report().note());
                    text(o, new DreamReport(null, null, s.report().base(), s.report().passes(), null, false, List.of(), null));
                    o.println("review: ctx review " + s.range());
                    if (s.review() != null) {
                        o.println();
                        o.print(s.review().markdown());
                    }
                });
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Merge a kept dream into the branch (fast-forward or merge commit), after running its checks again.")
    static final class Accept extends BaseCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The dream's id (see 'ctx dream list').")
        String id;

        Accept(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                DreamOutcome o = ctx.dreamAccept(id, who(null));
                out().result("dream accept", outcome(o), p -> p.println(describe(o)));
                return o instanceof DreamOutcome.Conflict ? ExitCode.CONFLICT : ExitCode.OK;
            }
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a kept dream: its branch moves to refs/ctx/dream-rejected/ID, out of the list of proposals but never deleted.")
    static final class Reject extends BaseCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The dream's id (see 'ctx dream list').")
        String id;

        Reject(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                String ref = ctx.dreamReject(id);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("id", id);
                data.put("kept_at", ref);
                out().result("dream reject", data, p -> p.println("rejected dream " + id + "; its commits are kept at " + ref));
                return ExitCode.OK;
            }
        }
    }
}
