package dev.ctx.model;

/**
 * One dream in {@code ctx dream list}: its id, branch (null once rejected), state (pending: the branch is not
 * in the main branch; merged; rejected; or the recorded outcome), the commit it started from, its tip, and
 * its passes' commits.
 */
public record DreamEntry(String id, String branch, String state, String base, String tip, int commits, String note) {
}
