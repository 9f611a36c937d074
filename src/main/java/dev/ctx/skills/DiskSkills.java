package dev.ctx.skills;

import dev.ctx.git.SkillRepository.Entry;
import dev.ctx.git.SkillRepository.Mode;
import dev.ctx.model.CtxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Skill folders on disk (a folder outside git, the repository's own working tree, an agent's folder) read as tree entries, links not followed. */
public final class DiskSkills {
    /** What {@code ctx setup} and {@code ctx skills export} leave in each folder they copy. */
    public static final String EXPORT_MARKER = ".ctx-export";

    private DiskSkills() {
    }

    /** Every file under {@code folder}, paths relative to it and sorted; a symbolic link is an entry of its own (its target), never followed. */
    public static List<Entry> entries(Path folder, long maxBytes) throws CtxException {
        List<Entry> out = new ArrayList<>();
        walk(folder, "", maxBytes, out);
        return out;
    }

    private static void walk(Path dir, String prefix, long maxBytes, List<Entry> out) throws CtxException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            throw CtxException.io("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path c : children) {
            String rel = prefix + c.getFileName();
            try {
                if (Files.isSymbolicLink(c)) {
                    out.add(new Entry(rel, Mode.SYMLINK, Files.readSymbolicLink(c).toString().getBytes(StandardCharsets.UTF_8)));
                } else if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    walk(c, rel + "/", maxBytes, out);
                } else if (Files.size(c) > maxBytes) {
                    throw CtxException.refused(c + " is " + Files.size(c) + " bytes, over the largest file a skill may hold (" + maxBytes + " bytes: limits.max_file_bytes, limits.max_binary_bytes); nothing was changed");
                } else {
                    out.add(new Entry(rel, Files.isExecutable(c) ? Mode.EXECUTABLE : Mode.FILE, Files.readAllBytes(c)));
                }
            } catch (IOException e) {
                throw CtxException.io("cannot read " + c + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether {@code folder} is a skill folder: it holds a SKILL.md. */
    public static boolean isSkill(Path folder) {
        return Files.isRegularFile(folder.resolve("SKILL.md"), LinkOption.NOFOLLOW_LINKS);
    }

    /** The skill folders directly inside {@code dir} (those holding a SKILL.md), sorted; links to folders are listed too. */
    public static List<Path> skillsIn(Path dir) throws CtxException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("SKILL.md"))).sorted().toList();
        } catch (IOException e) {
            throw CtxException.io("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
