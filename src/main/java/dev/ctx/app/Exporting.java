package dev.ctx.app;

import dev.ctx.agents.InstructionsBlock;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Snapshot;
import dev.ctx.store.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Ctx#export}: all of system/ at the tip, in path order, as one marked block of an instructions file, for
 * agents that read only CLAUDE.md or AGENTS.md. A file that exists keeps everything outside the block.
 */
final class Exporting {
    private Exporting() {
    }

    static ExportResult export(Snapshot head, ImportFormat to, Path file, boolean dryRun) throws CtxException {
        if (to != ImportFormat.CLAUDE_MD && to != ImportFormat.AGENTS_MD) {
            throw new CtxException(Problem.USAGE, "--to must be claude-md or agents-md, not " + to.label());
        }
        if (Files.isDirectory(file)) {
            throw new CtxException(Problem.USAGE, file + " is a folder; give the file to write, such as " + file.resolve(to == ImportFormat.CLAUDE_MD ? "CLAUDE.md" : "AGENTS.md"));
        }
        if (Files.isSymbolicLink(file)) {
            // CLAUDE.md is often a link to AGENTS.md: write the file it names, keeping the link.
            try {
                file = file.toRealPath();
            } catch (IOException e) {
                throw CtxException.io("cannot follow the link " + file + ": " + e.getMessage(), e);
            }
        }
        List<String> exported = new ArrayList<>();
        String body = body(head, to, exported);
        String before = read(file);
        String after = InstructionsBlock.put(file, before, body);
        boolean changed = !after.equals(before);
        if (changed && !dryRun) {
            write(file, after);
        }
        return new ExportResult(file, to.label(), exported, changed, before == null, dryRun, after);
    }

    private static String body(Snapshot head, ImportFormat to, List<String> exported) throws CtxException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- ").append(to == ImportFormat.CLAUDE_MD ? "Claude Code" : "Agents").append(" read this block as instructions; its source is the ctx "
                + "repository's system/ folder: change memory there (ctx write, ctx remember), then run ctx export again. -->\n");
        for (RepoPath p : head.list("system")) {
            if (!p.isSystem() || !p.isMarkdown()) {
                continue;
            }
            Optional<String> text = head.read(p);
            if (text.isEmpty()) {
                continue;
            }
            Document d;
            try {
                d = Document.parse(text.get());
            } catch (FormatException e) {
                throw CtxException.refused(p + ":" + e.line() + ": " + e.getMessage() + "; fix it (ctx validate) before exporting (nothing was written)");
            }
            String b = d.body().strip();
            if (b.isEmpty()) {
                continue;
            }
            exported.add(p.value());
            sb.append('\n');
            // A block that opens with its own heading (an imported section) keeps it; others get one from their description.
            if (!b.startsWith("#")) {
                sb.append("## ").append(d.description() == null ? p.label() : d.description().strip()).append("\n\n");
            }
            sb.append(b).append('\n');
        }
        if (exported.isEmpty()) {
            sb.append("\n(no pinned memory yet)\n");
        }
        return sb.toString();
    }

    private static String read(Path file) throws CtxException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Text.decode(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw CtxException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Through a temporary file and a rename, so an agent never reads half of it. */
    private static void write(Path file, String text) throws CtxException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".ctx-tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CtxException.io("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
