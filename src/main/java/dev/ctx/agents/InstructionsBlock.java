package dev.ctx.agents;

import dev.ctx.model.CtxException;
import java.nio.file.Path;

/**
 * The block {@code ctx export} owns in a CLAUDE.md or AGENTS.md: pinned memory between its own begin and end
 * lines (not setup's, so the two never replace each other), everything outside it kept byte for byte.
 */
public final class InstructionsBlock {
    private static final MarkedBlock BLOCK = new MarkedBlock(
            "<!-- ctx export: begin (pinned memory written by 'ctx export'; edits inside are replaced on the next export) -->",
            "<!-- ctx export: end -->");

    private InstructionsBlock() {
    }

    /** {@code text} (null: no file yet) with the block holding {@code body} (lines, each ending in a newline). */
    public static String put(Path file, String text, String body) throws CtxException {
        return BLOCK.put(file, text, body);
    }
}
