package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.RecallResult;
import dev.ctx.model.CtxException;
import dev.ctx.model.HookInput;
import dev.ctx.model.Provenance;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "recall", mixinStandardHelpOptions = true,
        description = "Past conversations: ingest agent transcripts under recall/ so search can find what was said.",
        subcommands = {RecallCommand.Ingest.class})
final class RecallCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Condense agent transcripts into readable, secret-redacted markdown under recall/ (one commit).",
                "Reads Claude Code session JSONL (with subagents and compactions), Codex CLI rollouts, Letta .af files and",
                "markdown; one heading per turn with a stable id. Re-ingesting a session adds only its new turns."})
    static final class Ingest extends BaseCommand {
        @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "Transcript files or folders (searched recursively).")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
        String reason;

        @Option(names = "--format", paramLabel = "FORMAT", description = "auto (default), claude, codex, letta or markdown.")
        String format = "auto";

        @Option(names = "--hook", description = "Read an agent hook's JSON from stdin and ingest its transcript_path (its session_id is "
                + "the session unless --session is given). For the hooks ctx setup writes.")
        boolean hook;

        @Option(names = "--codex-sessions", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
                description = "Ingest the Codex rollouts that are new or grew since the last run (default: $CODEX_HOME/sessions or ~/.codex/sessions).")
        String codexSessions;

        @Option(names = "--detach", description = "Hand the ingestion to a detached ctx and return at once (its output goes to "
                + "recall-ingest.log under the git dir's ctx folder), so an agent's hook never waits for it.")
        boolean detach;

        Ingest(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            TranscriptFormat f;
            try {
                f = TranscriptFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            int sources = (inputs.isEmpty() ? 0 : 1) + (hook ? 1 : 0) + (codexSessions != null ? 1 : 0);
            if (sources != 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give transcript files, --hook or --codex-sessions (exactly one of them)");
            }
            List<Path> resolved = new ArrayList<>();
            for (Path p : inputs) {
                resolved.add(env.cwd().resolve(p));
            }
            String session = null;
            if (hook) {
                HookInput in = Ctx.hookInput(new String(env.in().readAllBytes(), StandardCharsets.UTF_8));
                if (in.transcriptPath() == null) {
                    throw CtxException.notFound("the hook input has no transcript_path; nothing to ingest");
                }
                resolved.add(env.cwd().resolve(in.transcriptPath()));
                session = in.sessionId();
            }
            Path rollouts = codexSessions == null ? null : codexSessionsDir();
            Provenance who = session != null && global.session == null && env.var("CTX_SESSION") == null
                    ? Provenance.of(who(reason).agent(), session, reason) : who(reason);
            if (detach) {
                Path root = repoRoot();
                Path log = Ctx.startDetached(root, SelfLaunch.self(again(root, who, resolved, rollouts)), "recall-ingest", env.vars());
                // A notice on stderr only: a SessionStart hook's stdout goes into the agent's context.
                out().note("ingesting in the background; its output goes to " + log);
                return ExitCode.OK;
            }
            try (Ctx ctx = open()) {
                report(rollouts != null ? ctx.recallIngestCodexSessions(rollouts, who)
                        : ctx.recallIngest(resolved, f, who, ProgressReporter.of(env, global)));
                return ExitCode.OK;
            }
        }

        /** The same ingestion as a command line for the detached ctx: files already resolved, provenance explicit. */
        private List<String> again(Path root, Provenance who, List<Path> files, Path rollouts) {
            List<String> args = new ArrayList<>(List.of("--repo", root.toString()));
            if (who.agent() != null) {
                args.addAll(List.of("--agent", who.agent()));
            }
            if (who.session() != null) {
                args.addAll(List.of("--session", who.session()));
            }
            args.addAll(List.of("recall", "ingest", "--format", format));
            if (reason != null) {
                args.addAll(List.of("--reason", reason));
            }
            if (rollouts != null) {
                args.add("--codex-sessions=" + rollouts);
            }
            files.forEach(p -> args.add(p.toString()));
            return args;
        }

        private Path codexSessionsDir() {
            if (!codexSessions.isEmpty()) {
                return env.cwd().resolve(codexSessions).toAbsolutePath().normalize();
            }
            String codexHome = env.var("CODEX_HOME");
            String home = env.var("HOME");
            if (codexHome != null) {
                return Path.of(codexHome, "sessions");
            }
            if (home == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--codex-sessions needs a folder when neither CODEX_HOME nor HOME is set");
            }
            return Path.of(home, ".codex", "sessions");
        }

        private void report(RecallResult result) {
            WriteResult r = result.write();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("commit", r.commit());
            data.put("files_read", result.filesRead());
            data.put("skipped_lines", result.skippedLines());
            data.put("sessions", result.sessions());
            data.put("turns_added", result.turnsAdded());
            out().result("recall ingest", data, o -> {
                for (RecallResult.Session s : result.sessions()) {
                    o.println(s.path() + ": " + s.added() + " new of " + s.turns() + " turns");
                }
                o.println(r.changed() ? r.commit().substring(0, 10) + " " + r.subject() : "unchanged: every turn was already ingested");
                if (result.skippedLines() > 0) {
                    o.println("note: skipped " + result.skippedLines() + " malformed lines");
                }
            });
        }
    }
}
