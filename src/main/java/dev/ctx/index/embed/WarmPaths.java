package dev.ctx.index.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where the warm server of one model and cache lives: its socket, lock file, failure note and log. The
 * socket sits in the cache folder unless that path is too long for a Unix socket address (about 108
 * bytes), then in a folder of the temp dir private to the user, named by a hash of the cache folder so
 * every process of that repository still finds the same server.
 */
public record WarmPaths(Path socket, Path lock, Path failed, Path log) {
    /** Linux allows 108 bytes including the terminating NUL; macOS 104. Leave room for both. */
    static final int MAX_SOCKET_PATH = 100;

    public static WarmPaths of(Path cacheDir, String modelId) {
        Path dir = cacheDir.toAbsolutePath().resolve("embed-server");
        String tag = HexFormat.of().formatHex(VectorStore.sha256(modelId)).substring(0, 12);
        Path socket = dir.resolve(tag + ".sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            String where = HexFormat.of().formatHex(VectorStore.sha256(socket.toString())).substring(0, 16);
            String user = HexFormat.of().formatHex(VectorStore.sha256(System.getProperty("user.name", ""))).substring(0, 8);
            socket = Path.of(System.getProperty("java.io.tmpdir"), "ctx-" + user, where + ".sock").toAbsolutePath();
        }
        return new WarmPaths(socket, dir.resolve(tag + ".lock"), dir.resolve(tag + ".failed"), dir.resolve(tag + ".log"));
    }

    /** Creates the folders, private to the user: the socket hands out vectors to whoever may connect. */
    void prepare() throws IOException {
        for (Path d : new Path[] {lock.getParent(), socket.getParent()}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                WarmServer.restrictToOwner(d);
            }
        }
        // The temp dir is shared: a folder someone else made there could hold their socket, not ours.
        Path mine = socket.getParent();
        if (!Files.getOwner(mine).getName().equals(System.getProperty("user.name"))) {
            throw new IOException(mine + " belongs to " + Files.getOwner(mine).getName() + ", not to this user");
        }
    }
}
