package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads text given on the command line, from a file or from standard input, refusing non-UTF-8 bytes. */
final class BodyInput {
    private BodyInput() {
    }

    /** Editors on Windows start UTF-8 files with a byte-order mark; it is an encoding signature, not text of the body. */
    private static String withoutBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String read(Env env, String inline, Path file, boolean stdin, long maxBytes) throws CtxException {
        int given = (inline != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin ? 1 : 0);
        if (given > 1) {
            throw new CtxException(Problem.USAGE, "give the body once: --body, --body-file or '-' (standard input)");
        }
        try {
            if (inline != null) {
                return inline;
            }
            if (file != null) {
                Path f = env.cwd().resolve(file);
                if (!Files.isRegularFile(f)) {
                    throw CtxException.notFound("--body-file " + file + " does not exist or is not a file");
                }
                if (Files.size(f) > maxBytes) {
                    throw CtxException.refused("--body-file " + file + " is " + Files.size(f) + " bytes, over limits.max_file_bytes " + maxBytes);
                }
                return withoutBom(Ctx.text(Files.readAllBytes(f), "--body-file " + file));
            }
            if (stdin) {
                byte[] b = env.in().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (b.length > maxBytes) {
                    throw CtxException.refused("standard input is over limits.max_file_bytes " + maxBytes);
                }
                return withoutBom(Ctx.text(b, "standard input"));
            }
            return null;
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot read the body: " + e.getMessage(), e);
        }
    }
}
