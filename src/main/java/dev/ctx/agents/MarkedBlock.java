package dev.ctx.agents;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.nio.file.Path;

/**
 * A block of lines that ctx owns inside a file someone else writes (Codex's config.toml, AGENTS.md),
 * between a begin and an end line. Everything outside the block is kept byte for byte: setup replaces the
 * block in place or appends it after a blank line, and removal takes out the block and that blank line.
 */
final class MarkedBlock {
    private final String begin;
    private final String end;

    MarkedBlock(String begin, String end) {
        this.begin = begin;
        this.end = end;
    }

    /** {@code text} (null: no file) with the block holding {@code body} (lines, each ending in a newline). */
    String put(Path file, String text, String body) throws CtxException {
        String block = begin + "\n" + body + end + "\n";
        int[] at = find(file, text);
        if (at != null) {
            return text.substring(0, at[0]) + block + text.substring(at[1]);
        }
        if (text == null || text.isEmpty()) {
            return block;
        }
        return text + (text.endsWith("\n") ? "" : "\n") + "\n" + block;
    }

    /** {@code text} without the block (null when nothing else was in the file). */
    String remove(Path file, String text) throws CtxException {
        int[] at = find(file, text);
        if (at == null) {
            return text;
        }
        String head = text.substring(0, at[0]);
        String tail = text.substring(at[1]);
        if (tail.isEmpty() && head.endsWith("\n\n")) {
            head = head.substring(0, head.length() - 1);
        }
        String out = head + tail;
        return out.isEmpty() ? null : out;
    }

    /** Whether {@code text} holds the block. */
    boolean in(String text) {
        return text != null && text.contains(begin + "\n");
    }

    /** The text with the block blanked out, for checks of what the user wrote. */
    String outside(Path file, String text) throws CtxException {
        int[] at = find(file, text);
        return at == null ? text : text.substring(0, at[0]) + text.substring(at[1]);
    }

    /** Start and end offsets of the block (end after its last newline), or null; a begin without its end is refused. */
    private int[] find(Path file, String text) throws CtxException {
        if (text == null) {
            return null;
        }
        int b = text.startsWith(begin + "\n") ? 0 : text.indexOf("\n" + begin + "\n");
        if (b < 0) {
            return null;
        }
        if (b > 0) {
            b++;
        }
        int e = text.indexOf("\n" + end, b);
        if (e < 0) {
            throw new CtxException(Problem.REFUSED, file + " has ctx's begin line but not its end line ('" + end
                    + "'); restore or delete the block by hand, then run ctx setup again (nothing was written)");
        }
        int stop = e + 1 + end.length();
        if (stop < text.length() && text.charAt(stop) == '\n') {
            stop++;
        }
        return new int[] {b, stop};
    }
}
