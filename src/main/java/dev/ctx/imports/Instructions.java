package dev.ctx.imports;

import dev.ctx.format.Document;
import dev.ctx.format.FrontMatter;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLAUDE.md and AGENTS.md files: each becomes blocks at its headings ({@link Sections}), under a folder named
 * after where the file sits in the project, so nested AGENTS.md files stay apart. {@code @path} imports are
 * followed (each file is imported once, under its own folder); an import cycle or a path outside the project
 * refuses the whole import. Pinned by {@link ImportPin#AUTO}: a whole top-level section of at most
 * {@link #PIN_MAX_CHARS} characters, in file order, while the pinned sections of this import stay within
 * {@link #PIN_TOTAL_CHARS} (a section cut at its subheadings was too long to be an instruction: on demand).
 */
final class Instructions {
    static final int PIN_MAX_CHARS = 1200;
    static final int PIN_TOTAL_CHARS = 6000;
    static final String DEFAULT_INTO = "project";
    /** An @path outside code: at a line start or after white space, as Claude Code reads it. */
    private static final Pattern IMPORT = Pattern.compile("(?<=^|\\s)@([^\\s`'\"<>()\\[\\]]+)");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Set<String> SKIP_DIRS = Set.of("node_modules", "target", "build", "dist", "vendor", "venv");

    private final Path root;
    private final Placement place;
    private final ImportPin pin;
    private final int limit;
    private final List<String> notes = new ArrayList<>();
    private final List<ImportPlan.PlannedFile> files = new ArrayList<>();
    private final Set<Path> done = new HashSet<>();
    private final Set<String> usedPaths = new HashSet<>();
    private int pinnedChars;

    private Instructions(Path root, Placement place, ImportPin pin, int limit) {
        this.root = root;
        this.place = place;
        this.pin = pin;
        this.limit = limit;
    }

    /** Plans {@code source} (a file, or a folder searched for CLAUDE.md and AGENTS.md) of {@code format} (claude-md, agents-md or auto). */
    static ImportPlan plan(Path source, ImportFormat format, String into, ImportPin pin, int limit) throws CtxException {
        Path src = source.toAbsolutePath().normalize();
        boolean dir = Files.isDirectory(src);
        Path root = real(dir ? src : projectRoot(src.getParent()));
        Instructions in = new Instructions(root, new Placement(into == null ? DEFAULT_INTO : into), pin, limit);
        List<Path> found = dir ? find(src, format) : List.of(src);
        if (found.isEmpty()) {
            throw CtxException.notFound("no " + names(format) + " under " + src + "; give the file itself, or the project folder that holds it");
        }
        for (Path f : found) {
            in.file(f, new ArrayDeque<>());
        }
        ImportFormat actual = format != ImportFormat.AUTO ? format
                : found.get(0).getFileName().toString().equals("CLAUDE.md") ? ImportFormat.CLAUDE_MD : ImportFormat.AGENTS_MD;
        return new ImportPlan(src.toString(), actual, in.files, List.of(), null, in.notes);
    }

    private static String names(ImportFormat f) {
        return f == ImportFormat.CLAUDE_MD ? "CLAUDE.md" : f == ImportFormat.AGENTS_MD ? "AGENTS.md" : "CLAUDE.md or AGENTS.md";
    }

    /** The nearest folder at or above {@code dir} that holds {@code .git} (the project), else {@code dir}. */
    private static Path projectRoot(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return dir;
    }

    private static List<Path> find(Path dir, ImportFormat format) throws CtxException {
        Set<String> wanted = format == ImportFormat.CLAUDE_MD ? Set.of("CLAUDE.md") : format == ImportFormat.AGENTS_MD ? Set.of("AGENTS.md")
                : Set.of("CLAUDE.md", "AGENTS.md");
        List<Path> out = new ArrayList<>();
        try {
            // Skipped folders are not entered at all: a project's node_modules can hold more files than the rest of it.
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
                    return !d.equals(dir) && skipped(Path.of(d.getFileName().toString())) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                            : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (wanted.contains(f.getFileName().toString())) {
                        out.add(f);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw CtxException.io("cannot read " + dir + ": " + e.getMessage(), e);
        }
        // Outer folders first; in one folder CLAUDE.md before AGENTS.md (it usually imports it).
        out.sort(java.util.Comparator.comparingInt((Path p) -> p.getNameCount())
                .thenComparing(p -> p.getParent().toString())
                .thenComparing(p -> p.getFileName().toString().equals("CLAUDE.md") ? 0 : 1));
        return out;
    }

    private static boolean skipped(Path rel) {
        for (Path seg : rel) {
            String s = seg.toString();
            if (s.startsWith(".") || SKIP_DIRS.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private void file(Path file, Deque<Path> chain) throws CtxException {
        Path real = real(file);
        if (!real.startsWith(root)) {
            throw CtxException.refused(file + " resolves to " + real + ", outside the project " + root
                    + "; ctx imports only files inside it (nothing was imported)");
        }
        if (chain.contains(real)) {
            List<String> names = new ArrayList<>();
            chain.descendingIterator().forEachRemaining(p -> names.add(root.relativize(p).toString()));
            names.add(root.relativize(real).toString());
            throw CtxException.refused("@path imports form a cycle: " + String.join(" -> ", names)
                    + "; remove one of those imports (nothing was imported)");
        }
        if (!done.add(real)) {
            return;
        }
        chain.push(real);
        String text = read(file);
        String rel = root.relativize(real).toString();
        List<Path> imports = new ArrayList<>();
        String body = followImports(file, rel, text, imports);
        blocks(rel, body);
        for (Path p : imports) {
            file(p, chain);
        }
        chain.pop();
    }

    /**
     * Finds the file's @path imports outside code and returns its text without the lines that are only imports
     * (the imported file becomes blocks of its own). A missing file is kept as text and noted; a path outside
     * the project is refused.
     */
    private String followImports(Path file, String rel, String text, List<Path> imports) throws CtxException {
        StringBuilder kept = new StringBuilder();
        boolean fenced = false;
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                fenced = !fenced;
            }
            boolean onlyImports = false;
            if (!fenced) {
                Matcher m = IMPORT.matcher(CODE_SPAN.matcher(line).replaceAll(" "));
                boolean any = false;
                while (m.find()) {
                    Path target = target(file, rel, i + 1, m.group(1));
                    if (target != null) {
                        imports.add(target);
                        any = true;
                    }
                }
                onlyImports = any && IMPORT.matcher(line).replaceAll("").isBlank();
            }
            if (!onlyImports) {
                kept.append(line).append(i < lines.length - 1 ? "\n" : "");
            }
        }
        return kept.toString();
    }

    private Path target(Path file, String rel, int line, String raw) throws CtxException {
        String name = raw.replaceAll("[,;:!?)]+$", "");
        if (name.startsWith("~")) {
            throw CtxException.refused(rel + ":" + line + ": @" + name + " is in the home folder, outside the project " + root
                    + "; import that file on its own, or remove the line (nothing was imported)");
        }
        Path p = file.getParent().resolve(name).normalize();
        if (!Files.exists(p) && name.endsWith(".")) {
            p = file.getParent().resolve(name.substring(0, name.length() - 1)).normalize();
        }
        if (!p.startsWith(root) || (Files.exists(p) && !real(p).startsWith(root))) {
            throw CtxException.refused(rel + ":" + line + ": @" + name + " is outside the project " + root
                    + "; ctx follows only imports inside it: import that file on its own, or remove the line (nothing was imported)");
        }
        if (!Files.isRegularFile(p)) {
            if (name.contains("/") || name.contains(".")) {
                notes.add(rel + ":" + line + ": @" + name + " names no file; kept as text");
            }
            return null;
        }
        return p;
    }

    /** The file's sections as memory files under a folder named after the file's place in the project. */
    private void blocks(String rel, String body) {
        Path relPath = Path.of(rel);
        String stem = relPath.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        StringBuilder folder = new StringBuilder();
        if (relPath.getParent() != null) {
            for (Path seg : relPath.getParent()) {
                folder.append(Placement.slug(seg.toString())).append('/');
            }
        }
        folder.append(Placement.slug(stem));
        List<Sections.Section> sections = Sections.split(body, limit);
        if (sections.isEmpty()) {
            notes.add(rel + " holds nothing but imports; it adds no block of its own");
        }
        for (int i = 0; i < sections.size(); i++) {
            Sections.Section s = sections.get(i);
            boolean title = s.title();
            String name = title ? "overview" : String.join("/", s.trail().stream().map(Placement::slug).toList());
            String description = (title ? (s.trail().isEmpty() ? "Overview" : plain(s.trail().get(0)) + ": overview")
                    : String.join(" > ", s.trail().stream().map(Instructions::plain).toList())) + " (from " + rel + ")";
            // Subsections exist only where their section was over the limit: reference detail, never pinned by the rule.
            add(folder + "/" + name, description, s.text(), rel + (s.trail().isEmpty() ? "" : " § " + String.join(" > ", s.trail())),
                    s.trail().size() <= 1);
        }
    }

    private void add(String rel, String description, String text, String from, boolean topLevel) {
        boolean pinned = switch (pin) {
            case ALL -> true;
            case NONE -> false;
            case AUTO -> topLevel && text.length() <= PIN_MAX_CHARS && pinnedChars + text.length() <= PIN_TOTAL_CHARS;
        };
        if (pinned) {
            pinnedChars += text.length();
        }
        String path = rel;
        for (int n = 2; !usedPaths.add(place.memory(path + ".md", pinned).value()); n++) {
            path = rel + "-" + n;
        }
        FrontMatter fm = FrontMatter.empty().with("description", description);
        if (text.length() > limit) {
            // No heading cuts it under the limit: the block keeps its size, said in its own front-matter.
            fm = fm.with("limit", ((text.length() / 1000) + 1) * 1000);
            notes.add(path + " is " + text.length() + " characters, over the default limit; it was given its own limit");
        }
        files.add(new ImportPlan.PlannedFile(place.memory(path + ".md", pinned), new Document(fm, text, true).render(), from, pinned));
    }

    /** A heading as plain words for a description: no emphasis or code marks, one line. */
    static String plain(String heading) {
        String s = heading.replaceAll("[`*_]", "").replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static Path real(Path p) throws CtxException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw CtxException.notFound(p + " does not exist; give an instructions file or a project folder");
        }
    }

    private static String read(Path file) throws CtxException {
        try {
            byte[] b = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString().replace("\r\n", "\n");
        } catch (CharacterCodingException e) {
            throw CtxException.refused(file + " is not UTF-8 text; save it as UTF-8 and import again");
        } catch (IOException e) {
            throw CtxException.io("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

}
