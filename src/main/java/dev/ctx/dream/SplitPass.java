package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Splits memory files over their limit: each {@code ## } section becomes a file of its own beside it
 * ({@code notes.md} -> {@code notes/<section>.md}), a section still too long is cut between blocks into
 * numbered parts, and the original file becomes the index of its parts (its front-matter and preamble
 * kept, then one link per part with its description). Lines move verbatim, so no fact is lost.
 */
final class SplitPass implements Pass {
    /** Parts are filled to this share of the limit, so the next few facts still fit without another split. */
    private static final double FILL = 0.75;

    private record Section(String title, List<String> lines) {
    }

    @Override
    public String name() {
        return "split";
    }

    @Override
    public PassChange run(Memory memory) {
        PassChange pinned = run(memory, true);
        Map<RepoPath, String> after = new java.util.TreeMap<>(memory.files());
        pinned.files().forEach((p, t) -> after.put(p, t.orElse(null)));
        after.values().removeIf(java.util.Objects::isNull);
        // Parts of a pinned file stay pinned only while system/ stays within budget; otherwise they go on demand
        // under the same label, and the pinned index keeps their descriptions in view.
        return dev.ctx.format.SystemBudgets.measure(memory.config(), after).over() ? run(memory, false) : pinned;
    }

    private PassChange run(Memory memory, boolean keepPinned) {
        PassChange.Builder b = new PassChange.Builder();
        Set<RepoPath> taken = new HashSet<>(memory.files().keySet());
        int split = 0;
        for (Map.Entry<RepoPath, String> e : memory.memoryFiles().entrySet()) {
            Optional<Document> d = Docs.writable(e.getValue());
            if (d.isEmpty()) {
                continue;
            }
            int limit = memory.config().limitFor(e.getKey(), d.get().limit());
            if (d.get().body().length() <= limit || depth(e.getKey()) + 1 > memory.config().maxDepth()) {
                continue;
            }
            if (splitFile(e.getKey(), d.get(), limit, taken, b, keepPinned)) {
                split++;
            }
        }
        return b.build("split " + split + " file" + (split == 1 ? "" : "s") + " over their limit into parts",
                "A file over its limit is refused on the next write (so an agent cannot add to it) and is costly to read whole; "
                        + "its sections now live in files of their own, and the file is their index.");
    }

    private static int depth(RepoPath p) {
        return p.segments().size() - 1;
    }

    private boolean splitFile(RepoPath path, Document doc, int limit, Set<RepoPath> taken, PassChange.Builder b, boolean keepPinned) {
        List<String> preamble = new ArrayList<>();
        List<Section> sections = sections(doc.body(), preamble);
        if (sections.isEmpty() || String.join("\n", preamble).length() > limit * FILL) {
            // No sections (a list of remembered facts, say): the whole body is cut into parts.
            List<String> all = new ArrayList<>(preamble);
            sections.forEach(s -> all.addAll(s.lines()));
            preamble.clear();
            sections = List.of(new Section("", all));
        }
        String folder = path.value().substring(0, path.value().length() - 3);
        if (path.isSystem() && !keepPinned) {
            folder = folder.substring("system/".length());
        }
        String relative = path.isSystem() && !keepPinned ? "/" + folder : null;
        List<String> index = new ArrayList<>();
        int budget = (int) Math.max(200, limit * FILL);
        for (Section s : sections) {
            List<List<String>> parts = chunks(s.lines(), budget);
            for (int i = 0; i < parts.size(); i++) {
                String base = s.title().isEmpty() ? "part-" + (index.size() + 1) : slug(s.title()) + (parts.size() > 1 ? "-" + (i + 1) : "");
                RepoPath part = free(folder, base, taken);
                String title = s.title().isEmpty() ? path.label() + ", part " + (index.size() + 1)
                        : s.title() + (parts.size() > 1 ? " (" + (i + 1) + " of " + parts.size() + ")" : "");
                String description = oneLine(title + " (split from " + path.label() + ")");
                List<String> body = new ArrayList<>(parts.get(i));
                if (!s.title().isEmpty() && i > 0) {
                    body.add(0, "## " + s.title() + " (continued)");
                }
                b.put(part, Document.memory(description, String.join("\n", body).strip() + "\n").render());
                String link = relative != null ? relative + "/" + part.name() : part.value().substring(folder.lastIndexOf('/') + 1);
                index.add("- [" + title + "](" + link + "): " + description);
                b.details.add("- " + path + ": moved " + (s.title().isEmpty() ? "lines" : "section '" + s.title() + "'") + " to " + part);
            }
        }
        String preambleText = String.join("\n", preamble).strip();
        String newBody = (preambleText.isEmpty() ? "" : preambleText + "\n\n") + "## Parts\n\n" + String.join("\n", index) + "\n";
        b.put(path, doc.withBody(newBody).render());
        return true;
    }

    /** The body cut at {@code ## } headings outside code fences; lines before the first go to {@code preamble}. */
    private static List<Section> sections(String body, List<String> preamble) {
        List<Section> out = new ArrayList<>();
        boolean fence = false;
        Section current = null;
        for (String line : body.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("```") || s.startsWith("~~~")) {
                fence = !fence;
            }
            if (!fence && line.startsWith("## ")) {
                current = new Section(line.substring(3).strip(), new ArrayList<>());
                out.add(current);
            }
            (current == null ? preamble : current.lines()).add(line);
        }
        return out;
    }

    /** Lines grouped into runs of at most {@code budget} characters, cut only between blocks (never inside a fence or a list item). */
    private static List<List<String>> chunks(List<String> lines, int budget) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int size = 0;
        boolean fence = false;
        for (String line : lines) {
            boolean boundary = !fence && !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
            if (boundary && size + line.length() + 1 > budget && !cur.isEmpty()) {
                out.add(cur);
                cur = new ArrayList<>();
                size = 0;
            }
            String s = line.strip();
            if (s.startsWith("```") || s.startsWith("~~~")) {
                fence = !fence;
            }
            cur.add(line);
            size += line.length() + 1;
        }
        if (!cur.isEmpty() && !String.join("", cur).isBlank()) {
            out.add(cur);
        }
        return out;
    }

    private static RepoPath free(String folder, String base, Set<RepoPath> taken) {
        RepoPath p = RepoPath.of(folder + "/" + base + ".md");
        for (int n = 2; taken.contains(p); n++) {
            p = RepoPath.of(folder + "/" + base + "-" + n + ".md");
        }
        taken.add(p);
        return p;
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "section" : s;
    }

    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() <= 200 ? t : t.substring(0, 199).strip() + "…";
    }
}
