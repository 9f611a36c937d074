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
            out().result("list", entries, o -> tree(o, entries));
            return ExitCode.OK;
        }
    }

    /**
     * Grouped by folder, each folder once: in path order a subfolder's files can fall between two of its
     * parent's ("2026-02/a.md", "2026-02/s/b.md", "2026-02/c.md").
     */
    private static void tree(java.io.PrintStream o, List<FileEntry> entries) {
        java.util.Map<String, List<FileEntry>> byFolder = new java.util.TreeMap<>();
        for (FileEntry e : entries) {
            int slash = e.path().lastIndexOf('/');
            byFolder.computeIfAbsent(slash < 0 ? "" : e.path().substring(0, slash + 1), f -> new java.util.ArrayList<>()).add(e);
        }
        for (java.util.Map.Entry<String, List<FileEntry>> group : byFolder.entrySet()) {
            String folder = group.getKey();
            if (!folder.isEmpty()) {
                o.println(folder);
            }
            for (FileEntry e : group.getValue()) {
                StringBuilder line = new StringBuilder(folder.isEmpty() ? "" : "  ").append(e.path().substring(folder.length()));
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
        }
        if (entries.isEmpty()) {
            o.println("(nothing here)");
        }
    }
}
