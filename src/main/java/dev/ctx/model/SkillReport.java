package dev.ctx.model;

import java.nio.file.Path;
import java.util.List;

/** The values {@code ctx skills} commands return (docs/skills.md): what a skill is, and what an install, update, publish or export did. */
public final class SkillReport {
    private SkillReport() {
    }

    /** One skill of the repository; {@code source} and the rest are null for a skill written here (no recorded origin). */
    public record Info(String name, String description, String source, String path, String ref, String commit, String hash,
                       List<String> files) {
        public Info {
            files = List.copyOf(files);
        }
    }

    /** {@code ctx skills show}: the skill and its SKILL.md as committed. */
    public record Shown(Info info, String text) {
    }

    /** What happened to one skill in an install, update or import. */
    public enum Outcome { INSTALLED, UP_TO_DATE, UPDATED, MERGED, CONFLICT, IMPORTED, CREATED }

    /** One skill's outcome: the commits of its source before and after, and the files left with conflict markers. */
    /** {@code notes}: what to know of a conflict beyond its path (a binary file changed on both sides keeps the local one). */
    public record Change(String name, Outcome outcome, String from, String to, List<String> files, List<String> conflicts, List<String> notes) {
        public Change {
            files = List.copyOf(files);
            conflicts = List.copyOf(conflicts);
            notes = List.copyOf(notes);
        }

        public Change(String name, Outcome outcome, String from, String to, List<String> files, List<String> conflicts) {
            this(name, outcome, from, to, files, conflicts, List.of());
        }
    }

    /** The one commit of a skills write (null when nothing changed) and each skill's outcome. */
    public record Written(WriteResult write, List<Change> skills) {
        public Written {
            skills = List.copyOf(skills);
        }

        public boolean conflicted() {
            return skills.stream().anyMatch(s -> s.outcome() == Outcome.CONFLICT);
        }
    }

    /** {@code ctx skills outdated}: one installed skill against its source; {@code problem} set when the source could not be read. */
    public record Status(String name, String source, String ref, String installed, String upstream, boolean outdated,
                         boolean modified, String problem) {
    }

    /** {@code ctx skills publish}: the branch pushed, its new commit (null: the branch already held the skill as it is here). */
    public record Published(String name, String url, String branch, String path, String base, String commit, List<String> added,
                            List<String> modified, List<String> removed, String message) {
        public Published {
            added = List.copyOf(added);
            modified = List.copyOf(modified);
            removed = List.copyOf(removed);
        }
    }

    /** {@code ctx skills export}: the skills now in {@code dir}, as copies or links, what was taken out, and notes for a person. */
    public record Exported(Path dir, boolean link, List<String> skills, List<String> written, List<String> removed, List<String> notes) {
        public Exported {
            skills = List.copyOf(skills);
            written = List.copyOf(written);
            removed = List.copyOf(removed);
            notes = List.copyOf(notes);
        }
    }
}
