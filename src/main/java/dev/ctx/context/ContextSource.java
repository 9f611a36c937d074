package dev.ctx.context;

import java.util.List;

/**
 * Everything the context could show, read from one commit: pinned blocks in full, on-demand files by
 * description, skills, and (for a query) chunks ranked by relevance. Lists arrive in the order to render.
 */
public record ContextSource(String commit, List<Block> system, List<Entry> memory, List<Skill> skills, String query,
                            List<Chunk> relevant) {
    public ContextSource {
        system = List.copyOf(system);
        memory = List.copyOf(memory);
        skills = List.copyOf(skills);
        relevant = List.copyOf(relevant);
    }

    /** A {@code system/} block, shown in full. */
    public record Block(String path, String description, String body) {
    }

    /** An on-demand memory file, shown by path and description; {@code tokens} is what reading it would cost. */
    public record Entry(String path, String description, int tokens) {
    }

    /** A skill of the catalog: its name, what it is for, and where its SKILL.md is. */
    public record Skill(String name, String description, String path) {
    }

    /** A relevant piece of an on-demand file: the section around a search hit. */
    public record Chunk(String path, String heading, int line, String text) {
    }
}
