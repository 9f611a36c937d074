package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.RecallResult;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
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
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Transcript files or folders (searched recursively).")
        List<Path> inputs;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
        String reason;

        @Option(names = "--format", paramLabel = "FORMAT", description = "auto (default), claude, codex, letta or markdown.")
        String format = "auto";

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
            List<Path> resolved = new ArrayList<>();
            for (Path p : inputs) {
                resolved.add(env.cwd().resolve(p));
            }
            try (Ctx ctx = open()) {
                report(ctx.recallIngest(resolved, f, who(reason), ProgressReporter.of(env, global)));
                return ExitCode.OK;
            }
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
