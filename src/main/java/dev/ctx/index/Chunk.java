package dev.ctx.index;

import dev.ctx.model.Kind;
import dev.ctx.model.Tier;
import java.time.Instant;
import java.util.List;

/**
 * One retrievable unit: a heading section (or part of one) of a file, or one recall turn. Chunks of a
 * file are given in document order; the index derives each chunk's neighbour context from that order.
 *
 * @param id       stable id, unique in the index ({@code path#ordinal}, or a recall turn's own id)
 * @param file     the repository path of the file it belongs to
 * @param kind     memory, skill, archive or recall
 * @param tier     system, on-demand or search-only
 * @param headings heading trail, outermost first
 * @param text     the chunk's text
 * @param date     when it was said or last changed (null: unknown)
 * @param line     first line in the file's body (1-based; 0 when not from a file)
 */
public record Chunk(String id, String file, Kind kind, Tier tier, String description, List<String> headings,
                    String text, Instant date, int line) {
    public Chunk {
        if (id == null || id.isEmpty() || file == null || file.isEmpty() || kind == null || tier == null || text == null) {
            throw new IllegalArgumentException("a chunk needs id, file, kind, tier and text");
        }
        headings = List.copyOf(headings);
        description = description == null ? "" : description;
    }

    public String trail() {
        return String.join(" > ", headings);
    }
}
