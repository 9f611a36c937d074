package dev.ctx.skills;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.PathRules;
import dev.ctx.format.SkillRules;
import dev.ctx.format.Validator;
import dev.ctx.git.SkillRepository.Entry;
import dev.ctx.git.SkillRepository.Mode;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a skill folder must pass before ctx copies it anywhere: the format's own rules for every file
 * ({@link Validator}: the Agent Skills front-matter, secrets, sizes; {@code --strict} adds
 * {@link SkillRules#strict}), and what only a folder from elsewhere can get wrong: symbolic links and
 * submodules (a link can point anywhere once exported), paths that leave the folder, binary files over
 * {@code limits.max_binary_bytes} (a binary file is kept byte for byte, never read as text), a name that is not a skill name, and conflict markers an unfinished update left. Findings name
 * {@code skills/<name>/<path>}.
 */
public final class SkillCheck {
    private SkillCheck() {
    }

    /** Findings for the folder {@code name} holding {@code entries}; with {@code strict}, the reference validator's rules. */
    public static List<Finding> check(String name, List<Entry> entries, CtxConfig config, boolean strict) {
        List<Finding> out = new ArrayList<>();
        if (!SkillRules.isValidName(name)) {
            out.add(Finding.error("skills/" + PathRules.printable(name), 0, "skill-name", "'" + PathRules.printable(name)
                    + "' is not a skill name: 1-" + SkillRules.MAX_NAME + " of a-z, 0-9 and single hyphens, no leading or trailing hyphen"));
            return out;
        }
        String folder = "skills/" + name + "/";
        Validator validator = new Validator(config);
        boolean hasSkillMd = false;
        for (Entry e : entries) {
            Optional<String> escape = escapes(e.path());
            if (escape.isPresent()) {
                out.add(Finding.error(folder + PathRules.printable(e.path()), 0, "skill-path", escape.get()));
                continue;
            }
            RepoPath path = RepoPath.of(folder + e.path());
            if (e.mode() == Mode.SYMLINK) {
                String target = new String(e.bytes(), StandardCharsets.UTF_8);
                out.add(Finding.error(path.value(), 0, "skill-symlink", "is a symbolic link to '" + PathRules.printable(target) + "'"
                        + (leavesFolder(e.path(), target) ? ", outside the skill's folder" : "")
                        + "; a skill is copied as plain files only: replace the link with the file"));
                continue;
            }
            if (e.mode() == Mode.SUBMODULE) {
                out.add(Finding.error(path.value(), 0, "skill-submodule", "is a git submodule; a skill is copied as plain files only"));
                continue;
            }
            Optional<String> bad = PathRules.violation(path);
            if (bad.isPresent()) {
                out.add(Finding.error(path.value(), 0, "skill-path", bad.get()));
                continue;
            }
            String text = decode(e.bytes());
            hasSkillMd |= e.path().equals(SkillRules.FILE);
            // A binary asset gets its size limit here (limits.max_binary_bytes); it is not text, so no text rule reads it.
            List<Finding> found = validator.checkBytes(path, e.bytes());
            if (text == null) {
                out.addAll(found);
                continue;
            }
            if (strict && e.path().equals(SkillRules.FILE)) {
                found = SkillRules.strict(path, text, found);
            }
            out.addAll(found);
            markers(path, text, out);
        }
        if (!hasSkillMd && out.stream().noneMatch(f -> f.path().equals(folder + SkillRules.FILE))) {
            out.add(Finding.error(folder + SkillRules.FILE, 0, "skill-file", "the folder has no SKILL.md; a skill is a folder with a SKILL.md at its top"));
        }
        return out;
    }

    /** Refuses with the first error and how many more there are; returns the files (bytes and mode) when none. */
    public static Map<String, FileContent> refuseOrFiles(String what, String name, List<Entry> entries, CtxConfig config) throws CtxException {
        List<Finding> errors = check(name, entries, config, false).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more: 'ctx skills validate' on the folder lists them)" : "";
            throw CtxException.refused("refused to " + what + " skill '" + PathRules.printable(name) + "': " + errors.get(0) + more + "; nothing was changed");
        }
        return files(entries);
    }

    /** Entries whose modes were checked (plain or executable files) as files. */
    public static Map<String, FileContent> files(List<Entry> entries) {
        Map<String, FileContent> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.put(e.path(), new FileContent(e.bytes(), e.mode() == Mode.EXECUTABLE));
        }
        return out;
    }

    private static Optional<String> escapes(String rel) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.contains("\\") || rel.contains("\0")) {
            return Optional.of("path '" + PathRules.printable(rel) + "' is not a plain path inside the skill's folder");
        }
        for (String seg : rel.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.equalsIgnoreCase(".git")) {
                return Optional.of("path '" + PathRules.printable(rel) + "' escapes the skill's folder (through '" + seg + "')");
            }
        }
        return Optional.empty();
    }

    /** Whether a link at {@code rel} to {@code target} resolves outside the folder (absolute, or more '..' than depth). */
    static boolean leavesFolder(String rel, String target) {
        if (target.startsWith("/")) {
            return true;
        }
        int depth = rel.split("/").length - 1;
        for (String seg : target.split("/")) {
            if (seg.equals("..")) {
                depth--;
                if (depth < 0) {
                    return true;
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private static void markers(RepoPath path, String text, List<Finding> out) {
        int line = 1;
        for (String l : text.split("\n", -1)) {
            if (l.startsWith("<<<<<<< ") || l.startsWith(">>>>>>> ")) {
                out.add(Finding.error(path.value(), line, "conflict-markers", "holds merge conflict markers from 'ctx skills update'; "
                        + "keep the right text, delete the marker lines, then commit"));
                return;
            }
            line++;
        }
    }

    private static String decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
