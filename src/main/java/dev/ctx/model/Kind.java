package dev.ctx.model;

import java.util.Locale;

/** What a file in a context repository is, decided by its path alone (DESIGN section 2). */
public enum Kind {
    /** Memory: {@code system/**.md} (pinned) or any other markdown outside the folders below (on demand). */
    MEMORY,
    /** A skill: {@code skills/<name>/SKILL.md} and the files beside it. */
    SKILL,
    /** Retired memory under {@code archive/}, kept searchable. */
    ARCHIVE,
    /** Ingested conversation transcripts under {@code recall/}. */
    RECALL,
    /** Anything else: {@code ctx.yaml}, non-markdown files, dot files. */
    OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String text) {
        for (Kind k : values()) {
            if (k.label().equals(text.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + text + "' (expected memory, skill, archive, recall)");
    }
}
