package dev.ctx.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only its user reaches the server: folder mode and owner, socket mode, and the peer's credentials. */
class ServerSecurityTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderOpenToOthersIsRefusedByServerAndClient() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            Files.createDirectories(f.dir.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(f.dir.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Process server = f.spawn();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            assertEquals(7, server.exitValue());
            assertTrue(f.log().contains("is open to other users (rwxr-xr-x); refusing to use it (chmod 700 " + f.dir.dir() + ")"), f.log());
            assertTrue(Files.notExists(f.dir.socket()), "no socket in an open folder");
            // A socket someone left there is not trusted with the client's environment either.
            Files.createFile(f.dir.socket());
            Client.Result r = Client.run(f.dir, BuildId.current(), List.of("--version"), tmp, f.env, InputStream.nullInputStream(),
                    new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertInstanceOf(Client.Result.Unsafe.class, r);
            assertTrue(((Client.Result.Unsafe) r).why().contains("open to other users"), r.toString());
        }
    }

    @Test
    void aFolderOfAnotherUserIsRefused() throws Exception {
        UserPrincipal nobody = lookup("nobody");
        assumeTrue(nobody != null && !nobody.equals(Peers.me()), "needs a user 'nobody' other than this one");
        assumeTrue(Peers.uid() == 0, "only root can give a folder to another user");
        try (ServerFixture f = new ServerFixture(tmp)) {
            Files.createDirectories(f.dir.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setOwner(f.dir.dir(), nobody);
            Process server = f.spawn();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            assertEquals(7, server.exitValue());
            assertTrue(f.log().contains("belongs to nobody, not to " + Peers.me().getName()), f.log());
        }
    }

    @Test
    void theSocketIsTheOwnersOnly() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir.socket())));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir.dir())));
        }
    }

    @Test
    void aPeerOfAnotherUserIsRefused() throws Exception {
        UserPrincipal me = Peers.me();
        GroupPrincipal group = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName("root");
        assertNull(Peers.refusal(new UnixDomainPrincipal(me, group), me));
        UserPrincipal other = lookup("nobody");
        assumeTrue(other != null && !other.equals(me), "needs a user 'nobody' other than this one");
        String why = Peers.refusal(new UnixDomainPrincipal(other, group), me);
        assertNotNull(why);
        assertTrue(why.contains("connection from user nobody refused"), why);
    }

    /** As root, with setpriv and python3: a real process of user nobody tries the socket and gets nowhere. */
    @Test
    void anotherUsersProcessCannotConnect() throws Exception {
        assumeTrue(Peers.uid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs root, setpriv and python3");
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            String before = f.status().get("requests");
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                    "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1]); print('connected')\nexcept OSError as e:\n print('refused', e.errno)",
                    f.dir.socket().toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.startsWith("refused"), out);
            // The status request of this test is the only one since: nobody's attempt never became a request.
            assertEquals(Long.parseLong(before) + 1, Long.parseLong(f.status().get("requests")));
        }
    }

    private static UserPrincipal lookup(String name) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
