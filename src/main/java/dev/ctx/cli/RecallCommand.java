package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.format.SecretScanner;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
import dev.ctx.recall.RecallIngest;
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
            description = {"Condense transcripts (Claude Code session JSONL with subagents and compactions, Codex CLI rollouts,",
                "Letta .af files, markdown) into readable, secret-redacted markdown under recall/, one heading per turn",
                "with a stable id, in one commit. Re-ingesting a session adds only its new turns."})
    static final class Ingest extends WriteCommand {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Transcript files or folders (searched recursively).")
        List<Path> inputs;

        @Option(names = "--format", paramLabel = "FORMAT", description = "auto (default), claude, codex, letta or markdown.")
        String format = "auto";

        Ingest(Env env) {
            super(env);
        }

        private RecallIngest.Read read;
        private RecallIngest.Ingest op;

        @Override
        dev.ctx.store.Operation operation(Ctx ctx) throws Exception {
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
            read = new RecallIngest().read(resolved, f);
            op = new RecallIngest.Ingest(read.transcripts(), new SecretScanner()::redact);
            return op;
        }

        @Override
        void report(WriteResult r) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("commit", r.commit());
            data.put("files_read", read.files().size());
            data.put("skipped_lines", read.skippedLines());
            data.put("sessions", op.outcomes());
            data.put("turns_added", op.outcomes().stream().mapToInt(RecallIngest.Outcome::added).sum());
            out().result("recall ingest", data, o -> {
                for (RecallIngest.Outcome s : op.outcomes()) {
                    o.println(s.path() + ": " + s.added() + " new of " + s.turns() + " turns");
                }
                o.println(r.changed() ? r.commit().substring(0, 10) + " " + r.subject() : "unchanged: every turn was already ingested");
                if (read.skippedLines() > 0) {
                    o.println("note: skipped " + read.skippedLines() + " malformed lines");
                }
            });
        }
    }
}
