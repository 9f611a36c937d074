package dev.ctx.git;

/** One line of a file as blame sees it: the commit that last changed it, where it was then, and its text. */
public record BlameLine(int line, String commit, String sourcePath, int sourceLine, String text) {
}
