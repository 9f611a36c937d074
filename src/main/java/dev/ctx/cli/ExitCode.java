package dev.ctx.cli;

import dev.ctx.model.Problem;

/** The documented exit statuses of every ctx command (also printed by {@code ctx --help}). */
public enum ExitCode {
    OK(0, "success"),
    FINDINGS(1, "the command ran and found problems (validation findings, review blockers)"),
    USAGE(2, "the command line is wrong: unknown option, missing argument"),
    NOT_FOUND(3, "a path, revision, session or other named thing does not exist"),
    REFUSED(4, "the input breaks a rule (format, limit, read_only, secret, path); nothing changed"),
    CONFLICT(5, "a true conflict: someone else changed the same text, or uncommitted edits are in the way"),
    REPOSITORY(6, "no context repository here (or one already exists where init would create one)"),
    IO(7, "reading or writing files, git objects or the network failed"),
    INTERNAL(8, "a bug in ctx; rerun with --verbose and report the stack trace");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static ExitCode of(Problem p) {
        return switch (p) {
            case NOT_FOUND -> NOT_FOUND;
            case REFUSED -> REFUSED;
            case CONFLICT -> CONFLICT;
            case REPOSITORY -> REPOSITORY;
            case USAGE -> USAGE;
            case IO -> IO;
        };
    }
}
