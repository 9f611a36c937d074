package dev.ctx.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is on the other end of a connection. The folder's mode keeps other users out already; asking the
 * kernel for the peer's credentials ({@code SO_PEERCRED}) keeps them out even if the folder were opened.
 */
public final class Peers {
    private Peers() {
    }

    /** The user this process runs as, as the file system names owners. */
    public static UserPrincipal me() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    /** This process's numeric user id (names the fallback folder /tmp/ctx-UID). */
    public static long uid() {
        try {
            Object uid = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        }
    }

    /** The peer's credentials, or null where the platform cannot tell (then only the folder's mode protects). */
    static UnixDomainPrincipal peer(SocketChannel ch) {
        try {
            return ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Null when the peer may use this server, else why not (one line). */
    public static String refusal(UnixDomainPrincipal peer, UserPrincipal me) {
        if (peer == null) {
            return null;
        }
        return peer.user().equals(me) ? null : "connection from user " + peer.user().getName() + " refused: this ctx server serves " + me.getName() + " only";
    }
}
