package dev.ctx.format;

import dev.ctx.model.Finding;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of one memory file ({@code system/**}, on-demand memory and {@code archive/**}): docs/format.md, "Memory files". */
final class MemoryRules {
    /** Front-matter keys of format version 1, in the order ctx writes them. */
    static final Set<String> KEYS = Set.of("description", "read_only", "limit", "tags");
    static final int MAX_DESCRIPTION = 1024;
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,9}");

    private final CtxConfig config;

    MemoryRules(CtxConfig config) {
        this.config = config;
    }

    void check(RepoPath path, String text, Document doc, List<Finding> out) {
        String p = path.value();
        // archive/ mirrors the tree it retires files from, so its own folder does not count
        int depth = path.segments().size() - 1 - (path.kind() == Kind.ARCHIVE ? 1 : 0);
        if (depth > config.maxDepth()) {
            out.add(Finding.error(p, 0, "depth", "file is " + depth + " folders deep, deeper than limits.max_depth "
                    + config.maxDepth() + " in ctx.yaml; move it up"));
        }
        if (!doc.hasFrontMatter()) {
            out.add(Finding.error(p, 1, "front-matter-required",
                    "memory files start with front-matter: a '---' line, 'description: <one line>', and a closing '---' line"));
            return;
        }
        description(p, text, doc, out);
        readOnly(p, text, doc, out);
        Integer ownLimit = limit(p, text, doc, out);
        tags(p, text, doc, out);
        for (String key : doc.frontMatter().values().keySet()) {
            if (!KEYS.contains(key)) {
                out.add(Finding.warning(p, Lines.ofKey(text, doc, key), "unknown-key", "front-matter key '" + key
                        + "' is not part of the format (description, read_only, limit, tags); it is kept, but nothing reads it"));
            }
        }
        bodyLimit(path, text, doc, ownLimit, out);
    }

    private static void description(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        if (!fm.has("description")) {
            out.add(Finding.error(p, 2, "description-required", "front-matter has no 'description'; add one line saying what this file holds"));
            return;
        }
        int line = Lines.ofKey(text, doc, "description");
        Object v = fm.get("description");
        if (v != null && !(v instanceof String)) {
            out.add(Finding.error(p, line, "description-type", "'description' must be one line of text, not a " + typeName(v)));
            return;
        }
        String d = v == null ? "" : ((String) v).strip();
        if (d.isEmpty()) {
            out.add(Finding.error(p, line, "description-required", "'description' is empty; say in one line what this file holds"));
        } else if (d.indexOf('\n') >= 0 || d.indexOf('\r') >= 0) {
            out.add(Finding.error(p, line, "description-one-line", "'description' spans several lines; keep it to one line"));
        }
        if (Lines.chars(d) > MAX_DESCRIPTION) {
            out.add(Finding.error(p, line, "description-length", "'description' is " + Lines.chars(d)
                    + " characters, over the maximum of " + MAX_DESCRIPTION));
        }
    }

    private static void readOnly(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        if (!fm.has("read_only")) {
            return;
        }
        Object v = fm.get("read_only");
        if (!(v instanceof String s) || !(s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            out.add(Finding.error(p, Lines.ofKey(text, doc, "read_only"), "read-only-value",
                    "'read_only' must be true or false, not '" + shortValue(v) + "'"));
        }
    }

    /** The file's own valid limit, or null (absent or invalid: an invalid one is reported and the default applies). */
    private static Integer limit(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        if (!fm.has("limit")) {
            return null;
        }
        Object v = fm.get("limit");
        if (v instanceof String s && POSITIVE.matcher(s.strip()).matches() && Long.parseLong(s.strip()) <= Integer.MAX_VALUE) {
            return Integer.parseInt(s.strip());
        }
        out.add(Finding.error(p, Lines.ofKey(text, doc, "limit"), "limit-value",
                "'limit' must be a positive whole number of characters (no sign, no leading zero), not '" + shortValue(v) + "'"));
        return null;
    }

    private static void tags(String p, String text, Document doc, List<Finding> out) {
        FrontMatter fm = doc.frontMatter();
        if (!fm.has("tags")) {
            return;
        }
        Object v = fm.get("tags");
        boolean ok = v instanceof List<?> list && list.stream().allMatch(t -> t instanceof String s && !s.isBlank());
        if (!ok) {
            out.add(Finding.error(p, Lines.ofKey(text, doc, "tags"), "tags-type",
                    "'tags' must be a list of words, such as [build, ci], not " + describe(v)));
        }
    }

    private void bodyLimit(RepoPath path, String text, Document doc, Integer own, List<Finding> out) {
        int limit;
        String source;
        CtxConfig.GlobLimit glob = Validator.overrideFor(config, path);
        if (own != null) {
            limit = own;
            source = "its own 'limit'";
        } else if (glob != null) {
            limit = glob.limit();
            source = "ctx.yaml limits.overrides \"" + glob.glob() + "\"";
        } else {
            limit = config.defaultLimit();
            source = "ctx.yaml limits.default";
        }
        String body = doc.body();
        int chars = Lines.chars(body);
        if (chars > limit) {
            int overflowAt = body.offsetByCodePoints(0, limit);
            int line = Lines.bodyStart(text, doc) + Lines.at(body, overflowAt) - 1;
            out.add(Finding.error(path.value(), line, "limit", "body is " + chars + " characters, over the limit of " + limit
                    + " set by " + source + " (passed on this line); split the file or move detail to an on-demand file"));
        }
    }

    static String typeName(Object v) {
        return v instanceof List ? "list" : v instanceof Map ? "mapping" : v == null ? "empty value" : "text";
    }

    static String describe(Object v) {
        return v instanceof String s ? "'" + shortValue(s) + "'" : "a " + typeName(v);
    }

    static String shortValue(Object v) {
        String s = v == null ? "" : Document.oneLine(String.valueOf(v));
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
