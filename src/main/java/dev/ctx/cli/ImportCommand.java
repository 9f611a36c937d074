package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.ImportResult;
import dev.ctx.app.RecallResult;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import dev.ctx.model.WriteResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import memory people already have, as one commit: CLAUDE.md and AGENTS.md (sections become blocks, @path imports "
                + "followed, nested AGENTS.md kept apart by folder), Letta agent files (.af: blocks, archival passages, messages "
                + "into recall/) and Letta Code memory repositories (adopted with their history).",
            "Importing the same source again changes nothing; a file already there with other text is a conflict (exit 5), never "
                + "overwritten. See docs/import.md for where each block goes and which are pinned."})
final class ImportCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "A CLAUDE.md, AGENTS.md or .af file, a project folder, or a Letta Code memory repository.")
    Path source;

    @Option(names = "--format", paramLabel = "FORMAT", description = "auto (default: from the name), claude-md, agents-md, letta-af or letta-memfs.")
    String format = "auto";

    @Option(names = "--into", paramLabel = "PREFIX", description = "The folder the imported blocks go under (pinned ones under system/PREFIX); "
            + "default: project for CLAUDE.md and AGENTS.md, none for Letta.")
    String into;

    @Option(names = "--pin", paramLabel = "RULE", description = "Which blocks are pinned under system/: auto (the documented rule of each format), all or none.")
    String pin = "auto";

    @Option(names = "--dry-run", description = "Print the plan (each file, pinned or not, created, already there or in conflict) and change nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
    String reason;

    ImportCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        ImportFormat f;
        ImportPin p;
        try {
            f = ImportFormat.parse(format);
            p = ImportPin.parse(pin);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path src = env.cwd().resolve(source).toAbsolutePath().normalize();
        try (Ctx ctx = open()) {
            ImportResult r = ctx.importFrom(src, f, into, p, dryRun, who(reason));
            report(r);
            if (!r.conflicts().isEmpty()) {
                throw CtxException.conflict(r.conflicts().size() + " of the planned files exist with other text (marked conflict above); "
                        + "the import would be refused: use --into another prefix, or move those files first");
            }
            return ExitCode.OK;
        }
    }

    private void report(ImportResult r) {
        Map<String, Object> data = new LinkedHashMap<>();
        WriteResult w = r.write();
        data.put("source", r.source());
        data.put("format", r.format());
        data.put("dry_run", r.dryRun());
        data.put("commit", w == null ? null : w.commit());
        data.put("unchanged", r.unchanged());
        data.put("files", r.files());
        data.put("recall", r.recall());
        data.put("turns_added", r.turnsAdded());
        data.put("adopts_history", r.adoptsHistory());
        data.put("adopted_head", r.adoptedHead());
        data.put("notes", r.notes());
        out().result("import", data, o -> text(o, r));
    }

    private static void text(PrintStream o, ImportResult r) {
        String verb = r.dryRun() ? "would create" : "created";
        for (ImportResult.File f : r.files()) {
            String action = switch (f.action()) {
                case "create" -> verb;
                case "same" -> "already there";
                default -> "CONFLICT (exists with other text)";
            };
            o.println(action + ": " + f.path() + (f.pinned() ? " (pinned)" : "") + "  <- " + f.from());
        }
        for (RecallResult.Session s : r.recall()) {
            o.println((r.dryRun() ? "would add " : "added ") + s.added() + " of " + s.turns() + " turns: " + s.path());
        }
        if (r.adoptsHistory()) {
            o.println((r.dryRun() ? "would adopt" : "adopted") + " the history of " + r.source() + " (its HEAD " + r.adoptedHead().substring(0, 10)
                    + " joins this branch as a second parent)");
        }
        for (String n : r.notes()) {
            o.println("note: " + n);
        }
        long pinned = r.files().stream().filter(ImportResult.File::pinned).count();
        String counts = r.files().size() + " files (" + pinned + " pinned), " + r.turnsAdded() + " new recall turns";
        if (r.dryRun()) {
            o.println(r.unchanged() ? "dry run: unchanged, everything is imported already" : "dry run: " + counts + "; nothing was changed");
        } else if (r.unchanged()) {
            o.println("unchanged: " + r.source() + " is imported already (no commit)");
        } else {
            o.println(r.write().commit().substring(0, 10) + " " + r.write().subject());
        }
    }
}
