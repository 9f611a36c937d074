package dev.ctx.skills;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a skill is read from: {@code SOURCE[/PATH][@REV]} resolved to a git URL and a folder in it, or to a
 * plain folder outside git. {@code source} is what provenance records: the configured remote's name (its URL is
 * looked up again at each update, so a moved remote keeps working), the URL, or the folder's absolute path.
 */
public record SkillSource(String source, String url, String path, String rev, Path folder) {
    private static final Pattern SCP = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");

    public boolean plainFolder() {
        return url == null;
    }

    /** The skill's folder name: the last segment of its path (null when the path is the source's root). */
    public String lastSegment() {
        String p = plainFolder() ? folder.getFileName().toString() : path;
        return p.isEmpty() ? null : p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * Parses {@code spec}; {@code rev} and {@code path} (options) win over the {@code @REV} and {@code /PATH} of the text.
     * {@code remotes} answers a remote name's URL (null: not a remote).
     */
    public static SkillSource parse(String spec, String path, String rev, Path cwd, Function<String, String> remotes) throws CtxException {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new CtxException(Problem.USAGE, "the skill source is empty; give a remote name, a git URL or a folder");
        }
        int at = s.lastIndexOf('@');
        if (at > 0 && !s.substring(at + 1).contains("/") && !s.substring(at + 1).contains(":")) {
            rev = rev != null ? rev : s.substring(at + 1);
            s = s.substring(0, at);
        }
        if (rev != null && rev.isBlank()) {
            throw new CtxException(Problem.USAGE, "the revision after '@' is empty; name a branch, tag or commit, or leave '@' out");
        }
        String first = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
        String remote = first.startsWith(".") || s.startsWith("/") ? null : remotes.apply(first);
        if (remote != null) {
            return new SkillSource(first, remote, clean(path != null ? path : s.substring(first.length())), rev, null);
        }
        if (s.contains("://") || SCP.matcher(s).matches()) {
            return url(s, path, rev);
        }
        return local(cwd.resolve(s).toAbsolutePath().normalize(), path, rev);
    }

    /** The source an installed skill's origin names, for outdated and update. */
    public static SkillSource of(SkillOrigin o, Path cwd, Function<String, String> remotes) throws CtxException {
        String remote = remotes.apply(o.source());
        if (remote != null) {
            return new SkillSource(o.source(), remote, clean(o.path()), o.ref(), null);
        }
        if (o.source().contains("://") || SCP.matcher(o.source()).matches()) {
            return new SkillSource(o.source(), o.source(), clean(o.path()), o.ref(), null);
        }
        Path root = cwd.resolve(o.source()).toAbsolutePath().normalize();
        if (o.commit() == null) {
            return new SkillSource(root.toString(), null, "", null, root.resolve(clean(o.path())));
        }
        return new SkillSource(root.toString(), root.toString(), clean(o.path()), o.ref(), null);
    }

    private static SkillSource url(String s, String path, String rev) {
        int scheme = s.indexOf("://");
        int split = s.indexOf("//", scheme < 0 ? 0 : scheme + 3);
        String url = s;
        String rest = "";
        if (split > 0) {
            url = s.substring(0, split);
            rest = s.substring(split + 2);
        } else if (s.contains(".git/")) {
            url = s.substring(0, s.indexOf(".git/") + 4);
            rest = s.substring(s.indexOf(".git/") + 5);
        }
        return new SkillSource(url, url, clean(path != null ? path : rest), rev, null);
    }

    /** A folder: the git repository it is or is inside (bare or not) when there is one, else the folder as it is on disk. */
    private static SkillSource local(Path p, String path, String rev) throws CtxException {
        Path existing = p;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw CtxException.notFound(p + " does not exist; give a configured remote, a git URL or a folder");
        }
        for (Path d = existing; d != null; d = d.getParent()) {
            if (isRepository(d)) {
                String rel = d.relativize(p).toString().replace('\\', '/');
                return new SkillSource(d.toString(), d.toString(), clean(path != null ? path : rel), rev, null);
            }
        }
        if (!existing.equals(p)) {
            throw CtxException.notFound(p + " does not exist (and " + existing + " is not a git repository); give the skill's folder");
        }
        if (rev != null) {
            throw new CtxException(Problem.USAGE, p + " is a folder outside git: it has no revisions; leave '@" + rev + "' out");
        }
        Path folder = path != null ? p.resolve(path).normalize() : p;
        return new SkillSource(p.toString(), null, "", null, folder);
    }

    static boolean isRepository(Path d) {
        return Files.exists(d.resolve(".git")) || (Files.isRegularFile(d.resolve("HEAD")) && Files.isDirectory(d.resolve("objects"))
                && Files.isDirectory(d.resolve("refs")));
    }

    private static String clean(String p) {
        String s = p == null ? "" : p.strip();
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
