package dev.ctx.context;

import dev.ctx.model.ContextResult;
import dev.ctx.model.ContextResult.Part;
import dev.ctx.context.ContextSource.Block;
import dev.ctx.context.ContextSource.Chunk;
import dev.ctx.context.ContextSource.Entry;
import dev.ctx.context.ContextSource.Skill;
import java.util.List;

/** The markdown rendering: what an agent reads at session start (the SessionStart hook prints it). */
final class MarkdownContext {
    private MarkdownContext() {
    }

    static String render(ContextSource src, ContextResult r) {
        StringBuilder o = new StringBuilder();
        o.append("# Memory (ctx)\n\n");
        o.append("Your memory is a git repository of markdown files, at commit ").append(shortId(src.commit()))
                .append(". About ").append(r.tokens()).append(" of ").append(r.budgetTokens()).append(" tokens.\n");
        o.append("Read a file with memory_read (or `ctx show PATH`); search with memory_search; save what you learn with memory_remember or memory_write, always with a reason.\n");
        for (Block b : src.system()) {
            o.append("\n## ").append(b.path()).append(" (~").append(tokensOf(r, "system", b.path())).append(" tokens)\n");
            if (b.description() != null) {
                o.append("_").append(b.description()).append("_\n");
            }
            o.append('\n').append(b.body().strip()).append('\n');
        }
        if (!src.memory().isEmpty()) {
            o.append("\n## On-demand memory\n\n");
            for (Entry e : src.memory()) {
                o.append("- `").append(e.path()).append("` (~").append(e.tokens()).append(" tokens)");
                if (e.description() != null) {
                    o.append(": ").append(e.description());
                }
                o.append('\n');
            }
        }
        if (!src.skills().isEmpty()) {
            o.append("\n## Skills\n\n");
            for (Skill s : src.skills()) {
                o.append("- **").append(s.name()).append("** (`").append(s.path()).append("`)");
                if (s.description() != null) {
                    o.append(": ").append(s.description());
                }
                o.append('\n');
            }
        }
        if (!src.relevant().isEmpty()) {
            o.append("\n## Relevant to: ").append(src.query().strip()).append('\n');
            for (Chunk c : src.relevant()) {
                o.append("\n### ").append(c.path()).append(" line ").append(c.line());
                if (c.heading() != null && !c.heading().isBlank()) {
                    o.append(" (").append(c.heading()).append(')');
                }
                o.append("\n\n").append(c.text().strip()).append('\n');
            }
        }
        List<Part> cut = r.cut();
        if (!cut.isEmpty()) {
            o.append("\n## Cut to fit the budget\n\n");
            o.append(cut.size()).append(" part(s) did not fit in ").append(r.budgetTokens())
                    .append(" tokens; read them on demand:\n");
            for (Part p : cut) {
                o.append("- ").append(p.section()).append(": `").append(p.path()).append("` (~").append(p.tokens()).append(" tokens)\n");
            }
        }
        return o.toString();
    }

    static int tokensOf(ContextResult r, String section, String path) {
        return r.parts().stream().filter(p -> p.section().equals(section) && p.path().equals(path)).mapToInt(Part::tokens)
                .findFirst().orElse(0);
    }

    static String shortId(String commit) {
        return commit == null ? "(none)" : commit.substring(0, Math.min(12, commit.length()));
    }
}
