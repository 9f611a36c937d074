package dev.ctx.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A file's executable bit on disk, as git's checkout sets it for a 100755 entry. */
public final class FileModes {
    private static final Map<PosixFilePermission, PosixFilePermission> EXECUTE_FOR_READ = Map.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {
    }

    /**
     * Gives {@code file} execute permission wherever it may be read (git's 0777 less the umask), or takes it away. A file
     * system without POSIX permissions keeps the mode in git only, as git itself does there (core.fileMode false).
     */
    public static void setExecutable(Path file, boolean executable) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> next = EnumSet.noneOf(PosixFilePermission.class);
        next.addAll(perms);
        next.removeAll(EXECUTE_FOR_READ.values());
        if (executable) {
            EXECUTE_FOR_READ.forEach((read, exec) -> {
                if (perms.contains(read)) {
                    next.add(exec);
                }
            });
        }
        if (!next.equals(perms)) {
            Files.setPosixFilePermissions(file, next);
        }
    }
}
