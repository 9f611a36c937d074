package dev.ctx.agents;

import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.SetupResult;
import dev.ctx.model.SkillReport.Exported;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ctx skills export}: the repository's skills into a folder an agent reads, the same way {@code ctx
 * setup} does ({@link SkillExport}: copies with a marker, a person's own skill never overwritten), or with
 * {@code link} as relative symbolic links to the working tree's {@code skills/NAME}, so edits made there are
 * seen at once. Everything is planned and checked before anything is written.
 */
public final class SkillFolders {
    private SkillFolders() {
    }

    public static Exported export(Path dir, Map<String, Map<String, FileContent>> skills, Path repoSkills, boolean link) throws CtxException {
        Path to = dir.toAbsolutePath().normalize();
        Path from = repoSkills.toAbsolutePath().normalize();
        List<Path> unlink = new ArrayList<>();
        List<Path> newLinks = new ArrayList<>();
        for (Path existing : children(to)) {
            if (ourLink(existing, from) && (!link || !skills.containsKey(existing.getFileName().toString()))) {
                unlink.add(existing); // a copy replaces it, or its skill is gone
            }
        }
        Plan plan = new Plan();
        if (link) {
            for (String name : skills.keySet()) {
                Path p = to.resolve(name);
                if (Files.isSymbolicLink(p) && ourLink(p, from)) {
                    continue;
                }
                if (Files.exists(p) || Files.isSymbolicLink(p)) {
                    throw CtxException.conflict(p + " exists and is not ctx's link to " + from.resolve(name)
                            + "; move it away (or export without --link), then run the export again (nothing was written)");
                }
                newLinks.add(p);
            }
        } else {
            planCopies(plan, to, skills, unlink);
        }
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (SetupResult.FileEdit e : plan.fileEdits(to)) {
            (e.action() == SetupResult.Action.DELETE ? removed : written).add(to.relativize(e.path()).toString());
        }
        try {
            for (Path p : unlink) {
                Files.deleteIfExists(p);
                removed.add(to.relativize(p).toString());
            }
            plan.apply();
            for (Path p : newLinks) {
                Files.createDirectories(p.getParent());
                Files.createSymbolicLink(p, p.getParent().relativize(from.resolve(p.getFileName().toString())));
                written.add(to.relativize(p) + " -> " + from.resolve(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw CtxException.io("cannot export skills into " + to + ": " + e.getMessage(), e);
        }
        return new Exported(to, link, List.copyOf(skills.keySet()), written, removed, plan.notes());
    }

    /**
     * The copies, planned with the links they replace already out of the way (a link's folder would look like a
     * person's skill); when planning refuses, the links are put back, so a refused export changes nothing.
     */
    private static void planCopies(Plan plan, Path to, Map<String, Map<String, FileContent>> skills, List<Path> unlink) throws CtxException {
        Map<Path, Path> targets = new java.util.LinkedHashMap<>();
        try {
            for (Path p : unlink) {
                targets.put(p, Files.readSymbolicLink(p));
                Files.delete(p);
            }
        } catch (IOException e) {
            throw CtxException.io("cannot replace the links in " + to + ": " + e.getMessage(), e);
        }
        try {
            SkillExport.plan(plan, to, skills, false, false);
        } catch (CtxException e) {
            for (Map.Entry<Path, Path> t : targets.entrySet()) {
                try {
                    Files.createSymbolicLink(t.getKey(), t.getValue());
                } catch (IOException ignored) {
                    // the refusal below is what the person must act on; a link is recreated by the next export
                }
            }
            throw e;
        }
    }

    /** Whether {@code p} is a symbolic link into the repository's skills folder (one ctx made). */
    private static boolean ourLink(Path p, Path repoSkills) {
        if (!Files.isSymbolicLink(p)) {
            return false;
        }
        try {
            Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
            return target.getParent() != null && target.getParent().equals(repoSkills);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> children(Path dir) throws CtxException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw CtxException.io("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code folder} is a copy an export made (it holds the export marker), so import skips it. */
    public static boolean exportedByCtx(Path folder) {
        return Files.isRegularFile(folder.resolve(SkillExport.MARKER));
    }
}
