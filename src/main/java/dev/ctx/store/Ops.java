package dev.ctx.store;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.FrontMatter;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory operations of the CLI and MCP server. Each is a record planned purely from the snapshot it
 * is given, so the store can re-plan it on a newer tip after a lost race.
 */
public final class Ops {
    private Ops() {
    }

    /** An operation on one file: the subject names that file. */
    interface PathOperation extends Operation {
        RepoPath path();

        @Override
        default List<RepoPath> subjectPaths() {
            return List.of(path());
        }
    }

    static Document parse(RepoPath path, String text) throws CtxException {
        try {
            return Document.parse(text);
        } catch (FormatException e) {
            throw CtxException.refused(path + ":" + e.line() + ": " + e.rule() + ": " + e.getMessage() + "; fix the file first");
        }
    }

    static String existing(Snapshot s, RepoPath path, String hint) throws CtxException {
        Optional<String> t = s.read(path);
        if (t.isEmpty()) {
            throw CtxException.notFound(path + " does not exist" + hint);
        }
        return t.get();
    }

    static String withNewline(String body) {
        return body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
    }

    /**
     * {@code rendered} in the line endings of {@code before}: a file saved on Windows (CRLF) stays CRLF after an
     * edit, where the renderer's front-matter and the added text would otherwise bring bare line feeds.
     */
    static String endingsOf(String before, String rendered) {
        if (!before.contains("\r\n")) {
            return rendered;
        }
        return rendered.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** Create or overwrite a file: new body, description set (kept when null), other keys kept. */
    public record Write(RepoPath path, String description, String body) implements PathOperation {
        @Override
        public String op() {
            return "write";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            Optional<String> before = s.read(path);
            Document doc;
            if (before.isPresent()) {
                doc = parse(path, before.get());
                if (description != null) {
                    doc = doc.withFrontMatter(doc.frontMatter().with("description", description));
                }
                doc = doc.withBody(withNewline(body));
            } else {
                FrontMatter fm = FrontMatter.empty();
                if (path.isSkillFile()) {
                    fm = fm.with("name", path.segments().get(1));
                }
                if (description != null) {
                    fm = fm.with("description", description);
                }
                doc = new Document(fm, withNewline(body), true);
            }
            String text = doc.render();
            if (before.isPresent() && before.get().equals(text)) {
                return new Change(Map.of(), "");
            }
            String summary = before.isPresent() ? "overwrite" : (description != null ? description : "create");
            return Change.put(path, text, summary);
        }
    }

    /** Append text to the end of a file's body. */
    public record Append(RepoPath path, String text) implements PathOperation {
        @Override
        public String op() {
            return "append";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            String before = existing(s, path, "; create it with 'ctx write " + path.value()
                    + " --description \"what it holds\" --body \"its first text\"' (or 'ctx remember' to start a list)");
            Document doc = parse(path, before);
            return Change.put(path, endingsOf(before, doc.withBody(appended(doc.body(), text)).render()), Text.firstLine(text, 60));
        }

        private static final java.util.regex.Pattern LIST_ITEM = java.util.regex.Pattern.compile("^(\\s*)(?:([-*+])|(\\d+)([.)]))\\s+\\S.*");

        /**
         * The new text as a block of its own, in the style of the body's end: after a list item it is the
         * list's next item (same marker, next number), otherwise a new paragraph, so it never joins the
         * previous paragraph when markdown is rendered.
         */
        static String appended(String body, String text) {
            String end = body.stripTrailing();
            String add = text.strip();
            if (end.isEmpty()) {
                return withNewline(add);
            }
            String last = end.substring(end.lastIndexOf('\n') + 1);
            java.util.regex.Matcher item = LIST_ITEM.matcher(last);
            if (!item.matches()) {
                return end + "\n\n" + withNewline(add);
            }
            if (LIST_ITEM.matcher(add).matches()) {
                return end + "\n" + withNewline(add);
            }
            String marker = item.group(2) != null ? item.group(2) : (Long.parseLong(item.group(3)) + 1) + item.group(4);
            String indent = item.group(1);
            String continuation = "\n" + indent + " ".repeat(marker.length() + 1);
            return end + "\n" + indent + marker + " " + add.replace("\n", continuation) + "\n";
        }
    }

    /** Replace exactly one occurrence of {@code oldText} in the body. */
    public record Replace(RepoPath path, String oldText, String newText, String baseCommit) implements PathOperation {
        @Override
        public String op() {
            return "replace";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            if (oldText == null || oldText.isEmpty()) {
                throw CtxException.refused("nothing to replace: the text to replace in " + path + " is empty");
            }
            String text = existing(s, path, "");
            Document doc = parse(path, text);
            int first = doc.body().indexOf(oldText);
            if (first < 0) {
                if (baseCommit != null && !baseCommit.equals(s.commit()) && stillThereAt(s, baseCommit)) {
                    throw new CtxException(Problem.CONFLICT, "conflict in " + path + ": the text to replace ('" + Text.firstLine(oldText, 40)
                            + "') was changed by a concurrent write since this one began (branch now at " + s.commit().substring(0, 10)
                            + "; see 'ctx log " + path + "'); this write wanted '" + Text.firstLine(newText, 40) + "'. Re-read the file and retry");
                }
                throw CtxException.notFound("no match for the text to replace in " + path + "; 'ctx show " + path + "' shows its current text");
            }
            int count = 0;
            for (int i = first; i >= 0; i = doc.body().indexOf(oldText, i + oldText.length())) {
                count++;
            }
            if (count > 1) {
                throw CtxException.refused("the text to replace matches " + count + " times in " + path + "; include more surrounding text so it matches exactly once");
            }
            String body = doc.body().substring(0, first) + newText + doc.body().substring(first + oldText.length());
            return Change.put(path, doc.withBody(body).render(), "'" + Text.firstLine(oldText, 24) + "' -> '" + Text.firstLine(newText, 24) + "'");
        }

        private boolean stillThereAt(Snapshot s, String commit) {
            // The base is only a hint for the error message; any failure to read it means "no".
            return s instanceof HeadSnapshot h && h.containsAt(commit, path, oldText);
        }
    }

    /** Insert text before body line {@code line} (1-based; lines+1 appends). */
    public record Insert(RepoPath path, int line, String text) implements PathOperation {
        @Override
        public String op() {
            return "insert";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            String before = existing(s, path, "");
            Document doc = parse(path, before);
            String body = withNewline(doc.body());
            String[] lines = body.isEmpty() ? new String[0] : body.split("\n", -1);
            int count = body.isEmpty() ? 0 : lines.length - 1;
            if (line < 1 || line > count + 1) {
                throw CtxException.refused("line " + line + " is outside " + path + ", whose body has " + count + " lines (use 1.." + (count + 1) + ")");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i == line - 1) {
                    sb.append(withNewline(text));
                }
                sb.append(lines[i]).append('\n');
            }
            if (line == count + 1) {
                sb.append(withNewline(text));
            }
            return Change.put(path, endingsOf(before, doc.withBody(sb.toString()).render()), "line " + line + ": " + Text.firstLine(text, 50));
        }
    }

    /** Move a file, or every file of a folder, to a new path. */
    public record Move(RepoPath from, RepoPath to) implements Operation {
        @Override
        public String op() {
            return "mv";
        }

        @Override
        public List<RepoPath> subjectPaths() {
            return List.of(from, to);
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            Map<RepoPath, Optional<String>> files = new LinkedHashMap<>();
            Optional<String> file = s.read(from);
            if (file.isPresent()) {
                if (s.exists(to)) {
                    throw CtxException.conflict(to + " already exists; choose another destination or forget it first");
                }
                files.put(from, Optional.empty());
                files.put(to, file);
            } else {
                List<RepoPath> under = s.list(from.value());
                if (under.isEmpty()) {
                    throw CtxException.notFound(from + " does not exist; see 'ctx list'");
                }
                for (RepoPath p : under) {
                    RepoPath dest = RepoPath.of(to.value() + p.value().substring(from.value().length()));
                    if (s.exists(dest)) {
                        throw CtxException.conflict(dest + " already exists; choose another destination");
                    }
                    files.put(p, Optional.empty());
                    files.put(dest, s.read(p));
                }
            }
            return new Change(files, "");
        }
    }

    /** Delete a file. */
    public record Forget(RepoPath path) implements PathOperation {
        @Override
        public String op() {
            return "forget";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            existing(s, path, "; nothing to forget");
            return Change.delete(path, "");
        }
    }

    /** Change only the description. */
    public record Describe(RepoPath path, String description) implements PathOperation {
        @Override
        public String op() {
            return "describe";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            Document doc = parse(path, existing(s, path, ""));
            if (description.equals(doc.description())) {
                return new Change(Map.of(), "");
            }
            return Change.put(path, doc.withFrontMatter(doc.frontMatter().with("description", description)).render(), description);
        }
    }

    /** Append one fact as a list item, creating the block with a description when missing; a repeated fact is a no-op. */
    public record Remember(RepoPath path, String fact, String descriptionIfNew) implements PathOperation {
        public Remember {
            fact = fact.strip().replaceAll("\\s*\\n\\s*", " ");
        }

        @Override
        public String op() {
            return "remember";
        }

        @Override
        public Change plan(Snapshot s) throws CtxException {
            if (fact.isEmpty()) {
                throw CtxException.refused("nothing to remember: the fact is empty");
            }
            Optional<String> before = s.read(path);
            Document doc = before.isPresent() ? parse(path, before.get()) : Document.memory(descriptionIfNew, "");
            String item = "- " + fact;
            for (String line : doc.body().split("\n")) {
                if (line.strip().equals(item)) {
                    return new Change(Map.of(), "");
                }
            }
            return Change.put(path, endingsOf(before.orElse(""), doc.withBody(withNewline(doc.body()) + item + "\n").render()), fact);
        }
    }
}
