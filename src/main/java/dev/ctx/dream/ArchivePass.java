package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Moves facts marked superseded to {@code archive/} (same label), where search still finds them but no
 * session loads them: a list item struck through ({@code - ~~old~~}) or marked {@code (superseded)},
 * {@code [superseded]}, {@code superseded by ...} or {@code superseded:}; and whole files whose
 * front-matter says {@code superseded: true} or {@code status: superseded}.
 */
final class ArchivePass implements Pass {
    static final Pattern MARKED = Pattern.compile("(?i)^(?:[-*+]|\\d+[.)])\\s+(?:~~.+~~\\s*$|.*(?:\\(superseded\\b|\\[superseded\\b|\\bsuperseded by\\b|\\bsuperseded:)).*");

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public PassChange run(Memory memory) {
        PassChange.Builder b = new PassChange.Builder();
        Map<RepoPath, List<String>> archived = new LinkedHashMap<>();
        for (Map.Entry<RepoPath, String> e : memory.memoryFiles().entrySet()) {
            Optional<Document> d = Docs.writable(e.getValue());
            if (d.isEmpty()) {
                continue;
            }
            RepoPath to = RepoPath.of("archive/" + e.getKey().value());
            if (wholeFile(d.get()) && !memory.files().containsKey(to)) {
                b.delete(e.getKey());
                b.put(to, e.getValue());
                b.details.add("- moved " + e.getKey() + " to " + to + " (its front-matter marks it superseded)");
                continue;
            }
            List<BodyLines.Line> keep = new ArrayList<>();
            for (BodyLines.Line l : BodyLines.of(d.get().body())) {
                if (l.item() && MARKED.matcher(l.text().strip()).matches()) {
                    archived.computeIfAbsent(to, k -> new ArrayList<>()).add(l.text().strip());
                    b.removals.add(new PassChange.Removal(PassChange.Removal.SUPERSEDED, l.normalized(), e.getKey().value(), to.value()));
                } else {
                    keep.add(l);
                }
            }
            if (keep.size() < BodyLines.of(d.get().body()).size()) {
                b.put(e.getKey(), d.get().withBody(BodyLines.tidy(BodyLines.join(keep))).render());
            }
        }
        archived.forEach((to, lines) -> {
            String existing = memory.files().get(to);
            Optional<Document> d = existing == null ? Optional.empty() : Docs.parse(existing);
            String from = to.value().substring("archive/".length(), to.value().length() - 3);
            Document doc = d.orElse(Document.memory("Superseded facts retired from " + from, ""));
            String body = doc.body().isBlank() ? "" : doc.body().stripTrailing() + "\n";
            b.put(to, doc.withBody(body + String.join("\n", lines) + "\n").render());
        });
        int n = b.removals.size();
        return b.build("archive " + n + " superseded fact" + (n == 1 ? "" : "s") + (b.details.isEmpty() ? "" : " and " + b.details.size() + " file"
                        + (b.details.size() == 1 ? "" : "s")),
                "Facts marked superseded mislead an agent that reads them as current; in archive/ they stay searchable history.");
    }

    private static boolean wholeFile(Document d) {
        return "true".equalsIgnoreCase(d.frontMatter().string("superseded")) || "superseded".equalsIgnoreCase(d.frontMatter().string("status"));
    }
}
