package dev.ctx.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the build a process runs: the real path of its jar (or classes folder), size and modification time
 * in milliseconds. Cheap to compute, and the C client computes the same from the jar with stat(2).
 */
public final class BuildId {
    private BuildId() {
    }

    public static String of(Path codeSource) {
        try {
            Path p = codeSource.toRealPath();
            // st_size and st_mtime, as the C client reads them with stat(2) (a classes folder too, in tests)
            return p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return codeSource.toAbsolutePath() + ":unknown";
        }
    }

    /** The build of the jar or folder this class was loaded from. */
    public static String current() {
        return of(codeSource());
    }

    public static Path codeSource() {
        try {
            return Path.of(BuildId.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
        }
    }
}
