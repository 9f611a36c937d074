package dev.ctx.skills;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.model.CtxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an installed skill came from, kept in its SKILL.md's {@code metadata} (which the Agent Skills
 * specification leaves to tools): {@code ctx-source} (a remote name, URL or folder), {@code ctx-path} (the
 * skill's folder there), {@code ctx-ref} (the revision asked for; absent: the source's HEAD),
 * {@code ctx-commit} (the commit installed; absent for a folder outside git) and {@code ctx-hash} (the
 * content installed). The keys are written as lines of their own so that {@link #strip} gives back the
 * upstream text byte for byte: that is what the hash, the merge base and a publish compare.
 */
public record SkillOrigin(String source, String path, String ref, String commit, String hash) {
    public static final List<String> KEYS = List.of("ctx-source", "ctx-path", "ctx-ref", "ctx-commit", "ctx-hash");
    private static final Pattern OWN_LINE = Pattern.compile("[ \\t]+(ctx-source|ctx-path|ctx-ref|ctx-commit|ctx-hash):.*\\R?");
    private static final Pattern INDENT = Pattern.compile("[ \\t]+(?=\\S)");
    private static final Pattern METADATA = Pattern.compile("metadata:[ \\t]*(#.*)?\\R?");

    /** The origin recorded in {@code skillMd}, or null when it has none (a skill written here). */
    public static SkillOrigin read(String skillMd) {
        Map<?, ?> meta;
        try {
            meta = Document.parse(skillMd).frontMatter().get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        } catch (FormatException e) {
            return null;
        }
        if (!(meta.get("ctx-source") instanceof String source)) {
            return null;
        }
        return new SkillOrigin(source, text(meta, "ctx-path"), text(meta, "ctx-ref"), text(meta, "ctx-commit"), text(meta, "ctx-hash"));
    }

    private static String text(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s && !s.isEmpty() ? s : null;
    }

    public SkillOrigin withCommit(String newCommit, String newHash) {
        return new SkillOrigin(source, path, ref, newCommit, newHash);
    }

    /** {@code skillMd} without this module's metadata lines (and a {@code metadata:} key left empty by that). */
    public static String strip(String skillMd) {
        List<String> lines = lines(skillMd);
        int close = closing(lines);
        if (close < 0) {
            return skillMd;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && i < close && OWN_LINE.matcher(lines.get(i)).matches()) {
                continue;
            }
            out.add(lines.get(i));
        }
        int end = closing(out);
        for (int i = 1; i < end; i++) {
            boolean childless = i + 1 >= end || !Character.isWhitespace(out.get(i + 1).charAt(0));
            if (METADATA.matcher(out.get(i)).matches() && childless) {
                out.remove(i);
                break;
            }
        }
        return String.join("", out);
    }

    /** {@code skillMd} (stripped of any older origin) with this origin's keys first in its {@code metadata} block. */
    public String stamp(String skillMd) throws CtxException {
        List<String> lines = lines(strip(skillMd));
        int close = closing(lines);
        if (close < 0) {
            throw CtxException.refused("SKILL.md has no front-matter to record the skill's origin in; it starts with a '---' line");
        }
        String nl = lines.get(0).endsWith("\r\n") ? "\r\n" : "\n";
        for (int i = 1; i < close; i++) {
            String l = lines.get(i);
            if (l.startsWith("metadata:")) {
                if (!METADATA.matcher(l).matches()) {
                    throw CtxException.refused("SKILL.md writes 'metadata' on one line; write it as an indented block (one 'key: value' per line) so ctx can record where the skill came from");
                }
                // The block's own indentation, so the keys join it rather than start a second mapping.
                java.util.regex.Matcher m = INDENT.matcher(i + 1 < close ? lines.get(i + 1) : "");
                lines.addAll(i + 1, entries(m.lookingAt() ? m.group() : "  ", nl));
                return String.join("", lines);
            }
        }
        List<String> block = new ArrayList<>();
        block.add("metadata:" + nl);
        block.addAll(entries("  ", nl));
        lines.addAll(close, block);
        return String.join("", lines);
    }

    private List<String> entries(String indent, String nl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ctx-source", source);
        values.put("ctx-path", path);
        values.put("ctx-ref", ref);
        values.put("ctx-commit", commit);
        values.put("ctx-hash", hash);
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v != null) {
                out.add(indent + k + ": " + quote(v) + nl);
            }
        });
        return out;
    }

    /** Double-quoted YAML: a URL's colons, a path's '#' or a name like 'yes' stay the text they are. */
    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** The index of the front-matter's closing '---' line, or -1 when there is no front-matter. */
    private static int closing(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).strip().equals(Document.DELIMITER)) {
            return -1;
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(Document.DELIMITER)) {
                return i;
            }
        }
        return -1;
    }
}
