package dev.ctx.app;

import dev.ctx.context.ContextAssembly;
import dev.ctx.model.ContextFormat;
import dev.ctx.model.ContextResult;
import dev.ctx.context.ContextSource;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.model.CtxException;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.Tier;
import dev.ctx.store.Snapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Ctx#context}: reads everything the context shows from one commit (so the same commit gives the same
 * bytes) and hands it to {@link ContextAssembly}. A file whose front-matter does not parse is shown by path
 * with no description rather than failing the whole context: an agent must always get its memory.
 */
final class Contexts {
    /** How many relevant chunks a query adds at most. */
    static final int RELEVANT = 5;
    /** The longest piece of a file a relevant chunk shows, in lines. */
    static final int CHUNK_LINES = 40;

    private Contexts() {
    }

    static ContextResult assemble(Snapshot snap, Searching searching, Integer budget, String query, ContextFormat format)
            throws CtxException {
        List<ContextSource.Block> system = new ArrayList<>();
        List<ContextSource.Entry> memory = new ArrayList<>();
        List<ContextSource.Skill> skills = new ArrayList<>();
        for (RepoPath p : snap.list("")) {
            if (!p.isMarkdown()) {
                continue;
            }
            Optional<Document> d = parse(snap, p);
            String description = d.map(Document::description).orElse(null);
            if (p.kind() == Kind.SKILL && p.isSkillFile()) {
                Object name = d.map(x -> x.frontMatter().values().get("name")).orElse(null);
                skills.add(new ContextSource.Skill(name instanceof String s ? s : p.segments().get(1), description, p.value()));
            } else if (p.kind() == Kind.MEMORY && p.isSystem()) {
                system.add(new ContextSource.Block(p.value(), description, d.map(Document::body).orElse(snap.read(p).orElse(""))));
            } else if (p.kind() == Kind.MEMORY) {
                int tokens = ContextAssembly.tokens(d.map(Document::body).orElse(""));
                memory.add(new ContextSource.Entry(p.value(), description, tokens));
            }
        }
        List<ContextSource.Chunk> relevant = query == null || query.isBlank() ? List.of() : relevant(snap, searching, query);
        ContextSource src = new ContextSource(snap.commit(), system, memory, skills, query, relevant);
        try {
            return ContextAssembly.assemble(src, budget == null ? ContextAssembly.DEFAULT_BUDGET : budget, format);
        } catch (IllegalArgumentException e) {
            throw CtxException.refused(e.getMessage());
        }
    }

    /** The sections of on-demand files around the best hits, one per section, in rank order. */
    private static List<ContextSource.Chunk> relevant(Snapshot snap, Searching searching, String query) throws CtxException {
        SearchRequest request = SearchRequest.of(query).withKinds(Set.of(Kind.MEMORY)).withK(RELEVANT * 3);
        List<ContextSource.Chunk> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SearchHit h : searching.search(request, 0).hits()) {
            if (out.size() == RELEVANT || h.tier() != Tier.ON_DEMAND || !seen.add(h.path() + "#" + h.line())) {
                continue;
            }
            RepoPath p = RepoPath.of(h.path());
            Optional<Document> d = parse(snap, p);
            if (d.isEmpty()) {
                continue;
            }
            out.add(new ContextSource.Chunk(h.path(), h.heading(), h.line(), section(d.get().body(), h.line())));
        }
        return out;
    }

    /** From {@code line} (1-based, in the body) to the next heading, at most {@link #CHUNK_LINES} lines. */
    static String section(String body, int line) {
        String[] lines = body.split("\n", -1);
        int from = Math.max(0, Math.min(lines.length - 1, line - 1));
        StringBuilder b = new StringBuilder();
        for (int i = from; i < lines.length && i < from + CHUNK_LINES; i++) {
            if (i > from && lines[i].startsWith("#")) {
                break;
            }
            b.append(lines[i]).append('\n');
        }
        return b.toString().strip();
    }

    private static Optional<Document> parse(Snapshot snap, RepoPath p) throws CtxException {
        try {
            return Optional.of(Document.parse(snap.read(p).orElse("")));
        } catch (FormatException e) {
            return Optional.empty();
        }
    }
}
