package dev.ctx.app;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The pre-commit hook that gives plain {@code git commit} the same validation as ctx's own writes. */
final class Hooks {
    /** Marks a hook ctx wrote, so reinstalling replaces it and a hook of someone else's is kept. */
    static final String MARKER = "# installed by ctx hooks install";

    private Hooks() {
    }

    /**
     * Writes {@code gitDir/hooks/pre-commit} that execs {@code command}, a shell command line the adapter
     * gives (it knows how to run itself and which of its commands validates the index).
     */
    static Path installPreCommit(Path gitDir, String command, boolean force) throws CtxException {
        Path hooks = gitDir.resolve("hooks");
        Path hook = hooks.resolve("pre-commit");
        try {
            if (Files.exists(hook) && !force && !Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER)) {
                throw CtxException.conflict(hook + " exists and was not written by ctx; rerun with --force to replace it");
            }
            Files.createDirectories(hooks);
            Files.writeString(hook, script(command), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write " + hook + ": " + e.getMessage(), e);
        }
        return hook;
    }

    private static String script(String command) {
        return "#!/bin/sh\n" + MARKER + "\n"
                + "# Validates what is about to be committed with the rules of docs/format.md.\n"
                + "exec " + command + "\n";
    }
}
