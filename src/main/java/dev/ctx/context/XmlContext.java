package dev.ctx.context;

import dev.ctx.model.ContextResult;
import dev.ctx.model.ContextResult.Part;
import dev.ctx.context.ContextSource.Block;
import dev.ctx.context.ContextSource.Chunk;
import dev.ctx.context.ContextSource.Entry;
import dev.ctx.context.ContextSource.Skill;

/**
 * The XML-tagged rendering. The skills catalog is an Agent Skills {@code <available_skills>} block in the shape
 * {@code skills-ref to-prompt} prints (name, description, location, each on its own lines), so agents trained on
 * that shape read it as they would their own.
 */
final class XmlContext {
    private XmlContext() {
    }

    static String render(ContextSource src, ContextResult r) {
        StringBuilder o = new StringBuilder();
        o.append("<memory commit=\"").append(attr(MarkdownContext.shortId(src.commit()))).append("\" tokens=\"").append(r.tokens())
                .append("\" budget_tokens=\"").append(r.budgetTokens()).append("\">\n");
        o.append("<usage>Read a file with memory_read; search with memory_search; save what you learn with memory_remember or memory_write, always with a reason.</usage>\n");
        o.append("<system>\n");
        for (Block b : src.system()) {
            o.append("<block path=\"").append(attr(b.path())).append("\" tokens=\"").append(MarkdownContext.tokensOf(r, "system", b.path()))
                    .append("\">\n");
            if (b.description() != null) {
                o.append("<description>").append(text(b.description())).append("</description>\n");
            }
            o.append("<content>\n").append(text(b.body().strip())).append("\n</content>\n</block>\n");
        }
        o.append("</system>\n<memory_files>\n");
        for (Entry e : src.memory()) {
            o.append("<file path=\"").append(attr(e.path())).append("\" tokens=\"").append(e.tokens()).append("\">")
                    .append(text(ContextAssembly.nz(e.description()))).append("</file>\n");
        }
        o.append("</memory_files>\n<available_skills>\n");
        for (Skill s : src.skills()) {
            o.append("<skill>\n<name>\n").append(text(s.name())).append("\n</name>\n<description>\n")
                    .append(text(ContextAssembly.nz(s.description()))).append("\n</description>\n<location>\n")
                    .append(text(s.path())).append("\n</location>\n</skill>\n");
        }
        o.append("</available_skills>\n");
        if (!src.relevant().isEmpty()) {
            o.append("<relevant query=\"").append(attr(src.query().strip())).append("\">\n");
            for (Chunk c : src.relevant()) {
                o.append("<chunk path=\"").append(attr(c.path())).append("\" line=\"").append(c.line()).append("\" heading=\"")
                        .append(attr(ContextAssembly.nz(c.heading()))).append("\">\n").append(text(c.text().strip())).append("\n</chunk>\n");
            }
            o.append("</relevant>\n");
        }
        if (!r.cut().isEmpty()) {
            o.append("<cut reason=\"over the budget of ").append(r.budgetTokens()).append(" tokens; read on demand\">\n");
            for (Part p : r.cut()) {
                o.append("<part section=\"").append(p.section()).append("\" path=\"").append(attr(p.path())).append("\" tokens=\"")
                        .append(p.tokens()).append("\"/>\n");
            }
            o.append("</cut>\n");
        }
        return o.append("</memory>\n").toString();
    }

    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}
