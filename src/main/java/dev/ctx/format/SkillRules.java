package dev.ctx.format;

import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a {@code skills/<name>/SKILL.md}: the Agent Skills specification
 * (https://agentskills.io/specification), plus a warning for keys only Claude Code reads.
 */
public final class SkillRules {
    /** Keys the Agent Skills specification defines. */
    public static final Set<String> SPEC_KEYS = Set.of("name", "description", "license", "compatibility", "metadata", "allowed-tools");
    /** Keys Claude Code reads beyond the specification: accepted with a warning (an error with --strict). */
    public static final Set<String> CLAUDE_CODE_KEYS = Set.of("argument-hint", "disable-model-invocation", "user-invocable",
            "model", "effort", "context", "agent", "hooks", "when_to_use", "paths", "shell");
    public static final String FILE = "SKILL.md";
    public static final int MAX_NAME = 64;
    public static final int MAX_DESCRIPTION = 1024;
    public static final int MAX_COMPATIBILITY = 500;
    /** The specification recommends keeping SKILL.md under 500 lines. */
    public static final int MAX_LINES = 500;

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private SkillRules() {
    }

    /**
     * The Agent Skills reference validator's rule set ({@code skills-ref validate}) over the default findings of
     * one SKILL.md: every key beyond the specification's six is an error (Claude Code's too), the name is judged
     * after NFKC normalisation (a name that normalisation changes is an error: the folder and every agent must
     * see the same name), and the 500-line size stays a warning as the reference has it.
     */
    public static List<Finding> strict(RepoPath skillFile, String text, List<Finding> findings) {
        List<Finding> out = new java.util.ArrayList<>();
        for (Finding f : findings) {
            out.add(f.rule().equals("skill-size") ? f : f.strict());
        }
        try {
            Document doc = Document.parse(text);
            if (doc.frontMatter().get("name") instanceof String name) {
                String n = java.text.Normalizer.normalize(name.strip(), java.text.Normalizer.Form.NFKC);
                if (!n.equals(name)) {
                    out.add(Finding.error(skillFile.value(), Lines.ofKey(text, doc, "name"), "skill-name-nfkc", "skill name '"
                            + MemoryRules.shortValue(name) + "' is '" + MemoryRules.shortValue(n)
                            + "' once NFKC-normalised and stripped; write the normalised name"));
                }
            }
        } catch (FormatException e) {
            // the default findings already report a front-matter that does not parse
        }
        out.sort(Validator.ORDER);
        return out;
    }

    /** Whether {@code name} is a valid skill name by the specification's own rules. */
    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }

    /** The skill's folder name: {@code skills/<name>/SKILL.md}. */
    static String folderOf(RepoPath skillFile) {
        return skillFile.segments().get(1);
    }

    static void check(RepoPath path, String text, Document doc, CtxConfig config, List<Finding> out) {
        String p = path.value();
        if (!doc.hasFrontMatter()) {
            out.add(Finding.error(p, 1, "front-matter-required",
                    "SKILL.md starts with front-matter: a '---' line, 'name: " + folderOf(path) + "', 'description: ...', and a closing '---' line"));
            return;
        }
        name(path, text, doc, out);
        description(p, text, doc, out);
        optional(p, text, doc, out);
        keys(p, text, doc, out);
        size(path, text, doc, config, out);
    }

    private static void name(RepoPath path, String text, Document doc, List<Finding> out) {
        String p = path.value();
        String folder = folderOf(path);
        Object v = doc.frontMatter().get("name");
        if (v == null) {
            out.add(Finding.error(p, doc.frontMatter().has("name") ? Lines.ofKey(text, doc, "name") : 2, "skill-name-required",
                    "SKILL.md has no 'name'; add 'name: " + folder + "'"));
            return;
        }
        int line = Lines.ofKey(text, doc, "name");
        if (!(v instanceof String name)) {
            out.add(Finding.error(p, line, "skill-name", "'name' must be text, not a " + MemoryRules.typeName(v)));
            return;
        }
        if (!isValidName(name)) {
            out.add(Finding.error(p, line, "skill-name", "skill name '" + MemoryRules.shortValue(name) + "' is invalid: "
                    + nameProblem(name)));
        }
        if (!name.equals(folder)) {
            out.add(Finding.error(p, line, "skill-name-folder", "skill name '" + MemoryRules.shortValue(name)
                    + "' differs from its folder 'skills/" + folder + "/'; the name must equal the folder name"));
        }
    }

    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_NAME) {
            return "it is " + name.length() + " characters, over " + MAX_NAME;
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            return "it starts or ends with a hyphen";
        }
        if (name.contains("--")) {
            return "it contains a double hyphen";
        }
        return "use only lowercase letters a-z, digits and single hyphens";
    }

    private static void description(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        Object v = fm.get("description");
        int line = fm.has("description") ? Lines.ofKey(text, doc, "description") : 2;
        if (v != null && !(v instanceof String)) {
            out.add(Finding.error(p, line, "description-type", "'description' must be text, not a " + MemoryRules.typeName(v)));
            return;
        }
        String d = v == null ? "" : ((String) v).strip();
        if (d.isEmpty()) {
            out.add(Finding.error(p, line, "description-required",
                    "SKILL.md needs a 'description' saying what the skill does and when to use it"));
        } else if (Lines.chars(d) > MAX_DESCRIPTION) {
            out.add(Finding.error(p, line, "description-length", "'description' is " + Lines.chars(d)
                    + " characters, over the maximum of " + MAX_DESCRIPTION));
        }
    }

    private static void optional(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        if (fm.has("license") && !(fm.get("license") instanceof String s && !s.isBlank())) {
            out.add(Finding.error(p, Lines.ofKey(text, doc, "license"), "skill-license",
                    "'license' must be a license name or the name of a bundled license file"));
        }
        if (fm.has("compatibility")) {
            Object v = fm.get("compatibility");
            int len = v instanceof String s ? Lines.chars(s.strip()) : -1;
            if (len < 1 || len > MAX_COMPATIBILITY) {
                out.add(Finding.error(p, Lines.ofKey(text, doc, "compatibility"), "skill-compatibility",
                        "'compatibility' must be 1-" + MAX_COMPATIBILITY + " characters of text"
                                + (len > MAX_COMPATIBILITY ? ", not " + len : "")));
            }
        }
        if (fm.has("metadata")) {
            metadata(p, Lines.ofKey(text, doc, "metadata"), fm.get("metadata"), out);
        }
        if (fm.has("allowed-tools")) {
            Object v = fm.get("allowed-tools");
            int line = Lines.ofKey(text, doc, "allowed-tools");
            if (v instanceof List<?> list && list.stream().allMatch(t -> t instanceof String)) {
                out.add(Finding.warning(p, line, "skill-allowed-tools",
                        "'allowed-tools' is a list; the specification wants one space-separated string (Claude Code accepts both)"));
            } else if (!(v instanceof String)) {
                out.add(Finding.error(p, line, "skill-allowed-tools", "'allowed-tools' must be a space-separated string of tool names"));
            }
        }
    }

    private static void metadata(String p, int line, Object v, List<Finding> out) {
        if (!(v instanceof Map<?, ?> map)) {
            out.add(Finding.error(p, line, "skill-metadata", "'metadata' must be a mapping of text keys to text values, not "
                    + MemoryRules.describe(v)));
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
                out.add(Finding.error(p, line, "skill-metadata", "'metadata' values must be text; '" + e.getKey()
                        + "' is a " + MemoryRules.typeName(e.getValue()) + " (quote it, or write it as one string)"));
            }
        }
    }

    private static void keys(String p, String text, Document doc, List<Finding> out) {
        for (String key : doc.frontMatter().values().keySet()) {
            if (SPEC_KEYS.contains(key)) {
                continue;
            }
            int line = Lines.ofKey(text, doc, key);
            if (CLAUDE_CODE_KEYS.contains(key)) {
                out.add(Finding.warning(p, line, "skill-claude-key", "'" + key
                        + "' is a Claude Code extension, not part of the Agent Skills specification; other agents ignore it"));
            } else {
                out.add(Finding.warning(p, line, "skill-unknown-key", "'" + key
                        + "' is not an Agent Skills key; put extra data under 'metadata'"));
            }
        }
    }

    private static void size(RepoPath path, String text, Document doc, CtxConfig config, List<Finding> out) {
        int lines = Lines.at(text, text.length()) - (text.endsWith("\n") ? 1 : 0);
        if (lines > MAX_LINES) {
            out.add(Finding.warning(path.value(), MAX_LINES + 1, "skill-size", "SKILL.md is " + lines
                    + " lines; the specification recommends under " + MAX_LINES + ": move detail to references/"));
        }
        // The memory default limit is for memory blocks; a skill is bounded only by an explicit ctx.yaml override.
        CtxConfig.GlobLimit glob = Validator.overrideFor(config, path);
        int chars = Lines.chars(doc.body());
        if (glob != null && chars > glob.limit()) {
            int line = Lines.bodyStart(text, doc) + Lines.at(doc.body(), doc.body().offsetByCodePoints(0, glob.limit())) - 1;
            out.add(Finding.error(path.value(), line, "limit", "body is " + chars + " characters, over the limit of " + glob.limit()
                    + " set by ctx.yaml limits.overrides \"" + glob.glob() + "\" (passed on this line)"));
        }
    }
}
