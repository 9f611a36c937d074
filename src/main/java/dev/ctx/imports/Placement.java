package dev.ctx.imports;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import java.text.Normalizer;
import java.util.Locale;

/** Where an imported block lands: pinned ones under {@code system/}, others on demand, both under the --into prefix. */
final class Placement {
    private final String into;

    /** {@code into}: a folder prefix such as {@code project} ("" or null: none). */
    Placement(String into) throws CtxException {
        String p = into == null ? "" : into.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty()) {
            if (p.startsWith("/") || p.contains("..") || p.contains("\\") || p.startsWith(".")) {
                throw new CtxException(Problem.USAGE, "--into '" + p + "' must be a relative folder inside the repository, such as project/api");
            }
            String first = p.split("/")[0];
            if (first.equals("system") || first.equals("archive") || first.equals("recall") || first.equals("skills")) {
                throw new CtxException(Problem.USAGE, "--into '" + p + "' names one of ctx's own top folders; give a prefix such as project "
                        + "(pinned blocks go under system/ by themselves, see --pin)");
            }
        }
        this.into = p;
    }

    /** A memory file {@code rel} (a path without the system/ part) pinned or on demand. */
    RepoPath memory(String rel, boolean pinned) {
        String under = into.isEmpty() ? rel : into + "/" + rel;
        return RepoPath.of(pinned ? "system/" + under : under);
    }

    /** A path of ctx's layout from a memory repository: system/ and archive/ keep their place, skills/ is never prefixed. */
    RepoPath layout(String path) {
        if (into.isEmpty() || path.startsWith("skills/")) {
            return RepoPath.of(path);
        }
        for (String top : new String[] {"system/", "archive/"}) {
            if (path.startsWith(top)) {
                return RepoPath.of(top + into + "/" + path.substring(top.length()));
            }
        }
        return RepoPath.of(into + "/" + path);
    }

    RepoPath archive(String rel) {
        return RepoPath.of("archive/" + (into.isEmpty() ? rel : into + "/" + rel));
    }

    /** A file or folder name from free text: lower case ASCII letters, digits and hyphens, at most 60 characters. */
    static String slug(String text) {
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "section" : s;
    }
}
