package dev.ctx.skills;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.SkillRules;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The skill writes that need no source: a new skill from a template, and folders replaced as a whole (import). */
public final class SkillWrites {
    private SkillWrites() {
    }

    /** {@code skills/NAME/SKILL.md} with {@code description} and a body that says what to write; refused when the skill exists. */
    public static Operation create(String name, String description, CtxConfig config) throws CtxException {
        String d = description == null ? "" : description.strip();
        if (d.isEmpty() || d.contains("\n")) {
            throw CtxException.refused("a skill needs a one-line --description saying what it does and when an agent should use it");
        }
        String text = "---\nname: " + name + "\ndescription: " + yaml(d) + "\n---\n# " + name + "\n\n"
                + "Say when to use this skill, then the steps an agent follows, one per line, with the exact commands.\n"
                + "Keep this file under " + SkillRules.MAX_LINES + " lines: move long detail to references/ and scripts to scripts/.\n";
        var errors = SkillCheck.check(name, List.of(new dev.ctx.git.SkillRepository.Entry("SKILL.md", dev.ctx.git.SkillRepository.Mode.FILE,
                text.getBytes(StandardCharsets.UTF_8))), config, false).stream().filter(f -> f.isError()).toList();
        if (!errors.isEmpty()) {
            throw CtxException.refused("refused to create skill '" + name + "': " + errors.get(0) + "; nothing was changed");
        }
        return new SkillWrite("skill-new", Map.of(name, Map.of("SKILL.md", FileContent.text(text))), "new skill", head -> {
            if (!folder(head, name).isEmpty()) {
                throw CtxException.conflict("skills/" + name + " exists already; 'ctx skills show " + name + "' shows it (nothing was changed)");
            }
        }, Map.of());
    }

    /** Each folder becomes exactly its files, provided it is still as {@code before} had it at the tip. */
    public static Operation replace(String op, Map<String, Map<String, FileContent>> folders, Map<String, Map<String, FileContent>> before, String summary) {
        return new SkillWrite(op, folders, summary, head -> {
            for (String n : folders.keySet()) {
                if (!folder(head, n).equals(before.get(n))) {
                    throw CtxException.conflict("skills/" + n + " changed meanwhile; run the command again");
                }
            }
        }, Map.of());
    }

    /** The files of {@code skills/NAME/} at {@code head}, relative path to bytes and mode (empty when there is no such skill). */
    public static Map<String, FileContent> folder(Snapshot head, String name) throws CtxException {
        return SkillWrite.folder(head, name);
    }

    /** A description as YAML: plain when it is safe so, else double-quoted. */
    private static String yaml(String s) {
        return s.matches("[A-Za-z][^:#\"'\\\\]*") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
