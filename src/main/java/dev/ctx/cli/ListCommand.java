package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.FileEntry;
import dev.ctx.model.Kind;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the tree of memory files and skills with their descriptions (system/ blocks marked as pinned).")
final class ListCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only paths under this folder or label.")
    String prefix = "";

    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: memory, skill, archive, recall.")
    String kind;

    ListCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        Kind k = null;
        if (kind != null) {
            try {
                k = Kind.parse(kind);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try (Ctx ctx = open()) {
            List<FileEntry> entries = ctx.list(prefix, k);
            out().result("list", entries, o -> {
                String lastFolder = null;
                for (FileEntry e : entries) {
                    int slash = e.path().lastIndexOf('/');
                    String folder = slash < 0 ? "" : e.path().substring(0, slash + 1);
                    if (!folder.equals(lastFolder)) {
                        if (!folder.isEmpty()) {
                            o.println(folder);
                        }
                        lastFolder = folder;
                    }
                    String indent = folder.isEmpty() ? "" : "  ";
                    String name = e.path().substring(slash + 1);
                    StringBuilder line = new StringBuilder(indent).append(name);
                    if (e.description() != null) {
                        line.append(" — ").append(e.description());
                    }
                    if (e.system()) {
                        line.append("  [pinned, ").append(e.bodyChars()).append(" chars]");
                    }
                    if (e.readOnly()) {
                        line.append("  [read-only]");
                    }
                    o.println(line);
                }
                if (entries.isEmpty()) {
                    o.println("(nothing here)");
                }
            });
            return ExitCode.OK;
        }
    }
}
