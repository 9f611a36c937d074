package dev.ctx.model;

/**
 * What kind of failure a user can act on. Each maps to one documented exit status of the CLI, so the
 * mapping lives with the cause rather than being re-decided by every command.
 */
public enum Problem {
    /** A path, revision, session or other named thing does not exist. */
    NOT_FOUND,
    /** The input breaks a rule (format, limit, read_only, secret, path escape); nothing was changed. */
    REFUSED,
    /** Someone else changed the same thing: a true write conflict, or uncommitted edits in the way. */
    CONFLICT,
    /** No context repository where one was expected, or one already exists where it should not. */
    REPOSITORY,
    /** The command line itself is wrong. */
    USAGE,
    /** Reading or writing files, git objects or the network failed. */
    IO
}
