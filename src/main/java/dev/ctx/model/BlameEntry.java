package dev.ctx.model;

import java.time.Instant;

/** One line of a memory file with the commit, agent, session and time that taught it. */
public record BlameEntry(int line, String text, String commit, String agent, String session, String op, Instant time, String sourcePath) {
}
