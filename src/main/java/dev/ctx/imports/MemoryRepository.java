package dev.ctx.imports;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Validator;
import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.RepoPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Letta Code memory repository ({@code ~/.letta/agents/<id>/memory/}): already ctx's layout, so its files are
 * taken as they are at its HEAD, after every one passed ctx's validation (one failing file refuses the whole
 * import), and its HEAD commit is adopted so that its history stays reachable from ctx's branch.
 */
final class MemoryRepository {
    private MemoryRepository() {
    }

    /**
     * Whether {@code dir} looks like one: a git repository with a system/ folder, and no CLAUDE.md or AGENTS.md at its
     * root (a code project may have a system/ folder of its own; its instructions are what it asks to import).
     */
    static boolean looksLike(Path dir) {
        return Files.isDirectory(dir) && Files.exists(dir.resolve(".git")) && Files.isDirectory(dir.resolve("system"))
                && !Files.exists(dir.resolve("CLAUDE.md")) && !Files.exists(dir.resolve("AGENTS.md"));
    }

    static ImportPlan plan(Path dir, String into, CtxConfig config) throws CtxException {
        Path src = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(src) || !Files.exists(src.resolve(".git"))) {
            throw CtxException.refused(src + " is not a git repository; a Letta Code memory repository is the git folder "
                    + "~/.letta/agents/<agent-id>/memory (nothing was imported)");
        }
        Placement place = new Placement(into);
        Validator validator = new Validator(config);
        List<ImportPlan.PlannedFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (GitRepo git = GitRepo.open(src)) {
            String head = git.tip();
            if (head == null) {
                throw CtxException.refused(src + " has no commits; commit its memory there first (nothing was imported)");
            }
            if (git.hasUncommitted()) {
                notes.add(src + " has uncommitted changes; only its last commit was imported");
            }
            for (String p : git.listPaths(head, "")) {
                RepoPath path = RepoPath.of(p);
                if (path.segments().stream().anyMatch(s -> s.startsWith("."))) {
                    notes.add(p + " is a hidden file; left out");
                    continue;
                }
                if (p.equals(CtxConfig.FILE)) {
                    notes.add(p + " left out: this repository's own ctx.yaml stays");
                    continue;
                }
                if (!path.isMarkdown() && !path.startsWith("skills/")) {
                    notes.add(p + " is not a markdown file; left out");
                    continue;
                }
                byte[] bytes = git.read(head, p, config.maxFileBytes() + 1);
                if (!path.isMarkdown() && !isText(bytes)) {
                    notes.add(p + " is binary; left out (ctx writes text through its write path; copy it by hand)");
                    continue;
                }
                List<Finding> errors = validator.checkBytes(path, bytes).stream().filter(Finding::isError).toList();
                if (!errors.isEmpty()) {
                    throw CtxException.refused(src + " is not a valid memory repository: " + errors.get(0)
                            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "") + "; fix it there and commit, then import again (nothing was imported)");
                }
                RepoPath to = place.layout(p);
                files.add(new ImportPlan.PlannedFile(to, new String(bytes, StandardCharsets.UTF_8), p, to.isSystem()));
            }
            if (files.isEmpty()) {
                throw CtxException.refused(src + " holds no memory files at its HEAD (nothing was imported)");
            }
            return new ImportPlan(src.toString(), ImportFormat.LETTA_MEMFS, files, List.of(), new ImportPlan.Adoption(src, head), notes);
        }
    }

    private static boolean isText(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
