package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.util.Map;
import java.util.Optional;

/**
 * Fills missing descriptions (a memory file without one is invalid, and the on-demand tree shows an agent
 * only descriptions): from the first heading, else the first fact, else the file's label.
 */
final class DescribePass implements Pass {
    private static final int MAX = 120;

    @Override
    public String name() {
        return "describe";
    }

    @Override
    public PassChange run(Memory memory) {
        PassChange.Builder b = new PassChange.Builder();
        for (Map.Entry<RepoPath, String> e : memory.files().entrySet()) {
            if (e.getKey().kind() != Kind.MEMORY && e.getKey().kind() != Kind.ARCHIVE) {
                continue;
            }
            Optional<Document> d = Docs.writable(e.getValue());
            if (d.isEmpty() || (d.get().description() != null && !d.get().description().isBlank())) {
                continue;
            }
            String description = derive(e.getKey(), d.get().body());
            Document next = d.get().withFrontMatter(d.get().frontMatter().with("description", description));
            b.put(e.getKey(), next.render());
            b.details.add("- " + e.getKey() + ": \"" + description + "\"");
        }
        int n = b.details.size();
        return b.build("describe " + n + " file" + (n == 1 ? "" : "s") + " that had no description",
                "An agent sees on-demand memory only as paths and descriptions, so a file without one is never opened (and is invalid).");
    }

    static String derive(RepoPath path, String body) {
        for (BodyLines.Line l : BodyLines.of(body)) {
            if (l.heading()) {
                String h = l.text().strip().replaceFirst("^#+\\s*", "").strip();
                if (!h.isEmpty()) {
                    return cut(h);
                }
            }
        }
        for (BodyLines.Line l : BodyLines.of(body)) {
            if (l.fact()) {
                return cut(l.normalized());
            }
        }
        return "Notes: " + path.label().replace('/', ' ').replace('-', ' ');
    }

    private static String cut(String s) {
        String t = s.replaceAll("[`*_\\[\\]]", "").replaceAll("\\s+", " ").strip();
        if (t.length() <= MAX) {
            return t;
        }
        int sp = t.lastIndexOf(' ', MAX - 1);
        return t.substring(0, sp > 40 ? sp : MAX - 1).strip() + "…";
    }
}
