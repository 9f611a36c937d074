package dev.ctx.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

/**
 * The user's private folder for the server: {@code $XDG_RUNTIME_DIR/ctx}, else {@code /tmp/ctx-UID}. Created
 * 0700; an existing one must belong to this user and be closed to group and others, because whoever can
 * enter it can reach the socket and run commands as this user.
 */
public record RuntimeDir(Path dir) {
    public Path socket() {
        return dir.resolve("server.sock");
    }

    public Path lock() {
        return dir.resolve("server.lock");
    }

    public Path log() {
        return dir.resolve("server.log");
    }

    /** Where the folder is for this environment (not yet checked). */
    public static RuntimeDir locate(Map<String, String> env, long uid) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new RuntimeDir(Path.of(xdg, "ctx"));
        }
        return new RuntimeDir(Path.of("/tmp", "ctx-" + uid));
    }

    /** Creates the folder if missing, then checks it; the IOException's message is the one line to show. */
    public RuntimeDir prepare(UserPrincipal me) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another process made it meanwhile: checked below like any existing folder
            }
        }
        check(me);
        return this;
    }

    /** Refuses a folder that is a link, belongs to another user or is open to group or others. */
    public void check(UserPrincipal me) throws IOException {
        PosixFileAttributes a = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a folder; remove it so ctx can make its private folder there");
        }
        if (!a.owner().equals(me)) {
            throw new IOException(dir + " belongs to " + a.owner().getName() + ", not to " + me.getName()
                    + "; refusing to use it (set XDG_RUNTIME_DIR to a folder of yours)");
        }
        Set<PosixFilePermission> open = a.permissions();
        open.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
        if (!open.isEmpty()) {
            throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(a.permissions())
                    + "); refusing to use it (chmod 700 " + dir + ")");
        }
    }

    /** Makes a file readable and writable by its owner only (the socket: mode 0600). */
    static void ownerOnly(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
}
