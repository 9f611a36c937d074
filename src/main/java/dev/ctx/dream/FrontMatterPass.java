package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.format.FrontMatter;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Normalises front-matter: the format's keys first in one order (description, read_only, limit, tags),
 * every other key after them in its own order and with its own text; a description on one line without
 * surrounding spaces; tags written as one comma-separated string become a list. Values never change meaning.
 */
final class FrontMatterPass implements Pass {
    static final List<String> ORDER = List.of("description", "read_only", "limit", "tags");

    @Override
    public String name() {
        return "frontmatter";
    }

    @Override
    public PassChange run(Memory memory) {
        PassChange.Builder b = new PassChange.Builder();
        for (Map.Entry<RepoPath, String> e : memory.files().entrySet()) {
            if (e.getKey().kind() != Kind.MEMORY && e.getKey().kind() != Kind.ARCHIVE) {
                continue;
            }
            Optional<Document> d = Docs.writable(e.getValue());
            if (d.isEmpty() || !d.get().hasFrontMatter()) {
                continue;
            }
            FrontMatter fm = d.get().frontMatter();
            List<String> what = new ArrayList<>();
            String desc = fm.string("description");
            if (desc != null && !desc.equals(desc.replaceAll("\\s+", " ").strip())) {
                fm = fm.with("description", desc.replaceAll("\\s+", " ").strip());
                what.add("description on one line");
            }
            String tags = fm.string("tags");
            if (tags != null && !tags.isBlank()) {
                List<String> list = Arrays.stream(tags.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                fm = fm.with("tags", list);
                what.add("tags as a list");
            }
            FrontMatter ordered = fm.reordered(ORDER);
            if (!ordered.text().equals(fm.text())) {
                what.add("keys in the format's order");
            }
            String next = d.get().withFrontMatter(ordered).render();
            if (!what.isEmpty() && !next.equals(e.getValue())) {
                b.put(e.getKey(), next);
                b.details.add("- " + e.getKey() + ": " + String.join(", ", what));
            }
        }
        int n = b.details.size();
        return b.build("normalise the front-matter of " + n + " file" + (n == 1 ? "" : "s"),
                "One layout of front-matter keeps diffs and reviews about content, not about key order or spacing.");
    }
}
