package dev.ctx.context;

import dev.ctx.model.ContextResult;
import dev.ctx.model.ContextFormat;
import dev.ctx.model.ContextResult.Part;
import dev.ctx.context.ContextSource.Block;
import dev.ctx.context.ContextSource.Chunk;
import dev.ctx.context.ContextSource.Entry;
import dev.ctx.context.ContextSource.Skill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a {@link ContextSource} to a token budget and renders it. What matters most is kept first: pinned
 * blocks, then the skills catalog, then chunks relevant to the query, then the tree of on-demand files; a
 * part that does not fit is cut whole (never truncated mid-text) and named in the output, so the agent knows
 * to read it on demand. The rendering order is fixed (system, memory, skills, relevant) whatever was cut.
 */
public final class ContextAssembly {
    /** The budget when none is given: room for a full system/ (5,000 tokens by default) and the catalogs. */
    public static final int DEFAULT_BUDGET = 8000;
    /** What the frame costs (titles, notes about cut parts): reserved so the total stays within the budget. */
    static final int FRAME_TOKENS = 60;

    private ContextAssembly() {
    }

    /** Estimated tokens of a text: the usual four characters per token for English prose and code. */
    public static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    public static ContextResult assemble(ContextSource src, int budgetTokens, ContextFormat format) {
        if (budgetTokens < 1) {
            throw new IllegalArgumentException("the context budget must be at least 1 token, not " + budgetTokens);
        }
        List<Part> candidates = new ArrayList<>();
        src.system().forEach(b -> candidates.add(new Part("system", b.path(), cost(b), true)));
        src.skills().forEach(s -> candidates.add(new Part("skills", s.path(), cost(s), true)));
        src.relevant().forEach(c -> candidates.add(new Part("relevant", chunkId(c), cost(c), true)));
        src.memory().forEach(e -> candidates.add(new Part("memory", e.path(), cost(e), true)));
        int used = FRAME_TOKENS;
        Set<String> kept = new HashSet<>();
        List<Part> decided = new ArrayList<>();
        for (Part p : candidates) {
            boolean fits = used + p.tokens() <= budgetTokens;
            if (fits) {
                used += p.tokens();
                kept.add(p.section() + ":" + p.path());
            }
            decided.add(new Part(p.section(), p.path(), p.tokens(), fits));
        }
        ContextSource fitted = new ContextSource(src.commit(),
                src.system().stream().filter(b -> kept.contains("system:" + b.path())).toList(),
                src.memory().stream().filter(e -> kept.contains("memory:" + e.path())).toList(),
                src.skills().stream().filter(s -> kept.contains("skills:" + s.path())).toList(),
                src.query(),
                src.relevant().stream().filter(c -> kept.contains("relevant:" + chunkId(c))).toList());
        List<Part> inOrder = renderOrder(decided);
        int total = Math.min(used, budgetTokens);
        ContextResult shell = new ContextResult(src.commit(), format, budgetTokens, total, inOrder, "");
        String text = switch (format) {
            case MD -> MarkdownContext.render(fitted, shell);
            case XML -> XmlContext.render(fitted, shell);
            case JSON -> JsonContext.render(fitted, shell);
        };
        return new ContextResult(src.commit(), format, budgetTokens, total, inOrder, text);
    }

    /** The parts listed as they are rendered: system, memory, skills, relevant. */
    private static List<Part> renderOrder(List<Part> parts) {
        List<Part> out = new ArrayList<>();
        for (String section : List.of("system", "memory", "skills", "relevant")) {
            parts.stream().filter(p -> p.section().equals(section)).forEach(out::add);
        }
        return out;
    }

    static String chunkId(Chunk c) {
        return c.path() + "#L" + c.line();
    }

    private static int cost(Block b) {
        return tokens(b.path() + nz(b.description()) + b.body()) + 8;
    }

    private static int cost(Entry e) {
        return tokens(e.path() + nz(e.description())) + 6;
    }

    private static int cost(Skill s) {
        return tokens(s.name() + nz(s.description()) + s.path()) + 12;
    }

    private static int cost(Chunk c) {
        return tokens(c.path() + nz(c.heading()) + c.text()) + 8;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
