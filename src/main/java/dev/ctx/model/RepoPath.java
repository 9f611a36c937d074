package dev.ctx.model;

import java.util.List;

/**
 * A normalized, repository-relative path using '/' separators. Construction refuses anything that could
 * escape the repository or touch git's own files, so a {@code RepoPath} is safe to resolve anywhere.
 */
public record RepoPath(String value) implements Comparable<RepoPath> {

    public RepoPath {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains a NUL byte");
        }
        if (value.startsWith("/") || value.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("absolute path '" + value + "' is outside the repository; give a path relative to its root");
        }
        if (value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("path '" + value + "' contains a backslash; use '/'");
        }
        for (String seg : value.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) {
                throw new IllegalArgumentException("path '" + value + "' has an empty or '.' segment");
            }
            if (seg.equals("..")) {
                throw new IllegalArgumentException("path '" + value + "' escapes the repository through '..'");
            }
            if (seg.equalsIgnoreCase(".git")) {
                throw new IllegalArgumentException("path '" + value + "' points into git's own files");
            }
        }
    }

    /**
     * Parses user input: strips a leading "./", accepts a label without ".md" for memory files
     * (only when {@code addMd} is set and the name has no extension).
     */
    public static RepoPath parse(String input, boolean addMd) {
        String s = input.trim();
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        RepoPath p = new RepoPath(s);
        if (addMd && !p.name().contains(".")) {
            return new RepoPath(s + ".md");
        }
        return p;
    }

    public static RepoPath of(String value) {
        return new RepoPath(value);
    }

    public List<String> segments() {
        return List.of(value.split("/"));
    }

    public String name() {
        int i = value.lastIndexOf('/');
        return i < 0 ? value : value.substring(i + 1);
    }

    /** The parent folder ("" for the root). */
    public String parent() {
        int i = value.lastIndexOf('/');
        return i < 0 ? "" : value.substring(0, i);
    }

    public boolean isMarkdown() {
        return value.endsWith(".md");
    }

    /** The label: the path without ".md" (DESIGN section 2). */
    public String label() {
        return isMarkdown() ? value.substring(0, value.length() - 3) : value;
    }

    public boolean startsWith(String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return value.equals(p) || value.startsWith(p + "/") || (p.endsWith(".md") ? false : value.equals(p + ".md"));
    }

    public boolean isSystem() {
        return value.startsWith("system/") && isMarkdown();
    }

    public boolean isSkillFile() {
        List<String> s = segments();
        return s.size() == 3 && s.get(0).equals("skills") && s.get(2).equals("SKILL.md");
    }

    public Kind kind() {
        String first = segments().get(0);
        if (first.startsWith(".")) {
            return Kind.OTHER;
        }
        switch (first) {
            case "skills":
                return segments().size() >= 3 ? Kind.SKILL : Kind.OTHER;
            case "archive":
                return isMarkdown() ? Kind.ARCHIVE : Kind.OTHER;
            case "recall":
                return Kind.RECALL;
            default:
                return isMarkdown() && segments().size() > 0 && !value.equals("README.md") ? Kind.MEMORY : Kind.OTHER;
        }
    }

    @Override
    public int compareTo(RepoPath o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
