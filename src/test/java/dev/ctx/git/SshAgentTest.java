package dev.ctx.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.transport.sshd.agent.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol's framing over a Unix socket, against a scripted agent the test runs on its own socket. */
class SshAgentTest {
    @TempDir
    Path tmp;

    /** Accepts one connection, reads one request into {@code seen}, then writes {@code reply} raw and closes. */
    private Thread agent(ServerSocketChannel server, AtomicReference<byte[]> seen, byte[] reply) {
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                ByteBuffer len = ByteBuffer.allocate(4);
                while (len.hasRemaining() && c.read(len) >= 0) {
                    // reading the request's length
                }
                ByteBuffer body = ByteBuffer.allocate(len.flip().getInt());
                while (body.hasRemaining() && c.read(body) >= 0) {
                    // reading the request
                }
                seen.set(body.array());
                c.write(ByteBuffer.wrap(reply));
            } catch (IOException ignored) {
                // the client went away: the assertions on its side say what happened
            }
        }, "scripted-agent");
        t.start();
        return t;
    }

    private ServerSocketChannel listen(Path socket) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        return s;
    }

    @Test
    void aRequestIsLengthCommandAndDataAndTheReplyIsItsPayload() throws Exception {
        Path socket = tmp.resolve("a.sock");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        try (ServerSocketChannel server = listen(socket)) {
            // SSH2_AGENT_IDENTITIES_ANSWER (12) with zero keys
            Thread t = agent(server, seen, new byte[] {0, 0, 0, 5, 12, 0, 0, 0, 0});
            SshAgent factory = new SshAgent(socket.toString());
            try (Connector c = factory.create(null, tmp.toFile())) {
                assertTrue(c.connect());
                byte[] reply = c.rpc((byte) 11); // SSH2_AGENTC_REQUEST_IDENTITIES
                assertArrayEquals(new byte[] {12, 0, 0, 0, 0}, reply);
            }
            t.join();
            assertArrayEquals(new byte[] {11}, seen.get());
            assertNull(factory.unreachable());
        }
    }

    @Test
    void anAgentThatHangsUpMidReplyOrAnnouncesAHugeReplyIsAnError() throws Exception {
        for (byte[] reply : new byte[][] {{0, 0, 0, 9, 12, 0}, {0x7f, 0, 0, 0, 12}}) {
            Path socket = tmp.resolve("b" + reply.length + ".sock");
            try (ServerSocketChannel server = listen(socket)) {
                Thread t = agent(server, new AtomicReference<>(), reply);
                try (Connector c = new SshAgent(socket.toString()).create("SSH_AUTH_SOCK", tmp.toFile())) {
                    assertTrue(c.connect());
                    assertThrows(IOException.class, () -> c.rpc((byte) 11));
                }
                t.join();
            }
        }
    }

    @Test
    void anAgentThatNeverAnswersFailsTheRequestInsteadOfHanging() throws Exception {
        Path socket = tmp.resolve("mute.sock");
        try (ServerSocketChannel server = listen(socket);
                Connector c = new SshAgent(socket.toString(), java.time.Duration.ofMillis(200)).create(null, tmp.toFile())) {
            assertTrue(c.connect());
            try (SocketChannel accepted = server.accept()) {
                IOException e = assertThrows(IOException.class, () -> c.rpc((byte) 11));
                assertTrue(e.getMessage().contains("did not answer") && e.getMessage().contains(socket.toString()), e.getMessage());
            }
        }
    }

    @Test
    void noAgentIsNotConnectedAndADeadOneSaysWhy() throws Exception {
        SshAgent none = new SshAgent(null);
        assertFalse(none.create(null, tmp.toFile()).connect());
        assertNull(none.unreachable(), "no SSH_AUTH_SOCK is not a fault");
        Path missing = tmp.resolve("gone.sock");
        SshAgent dead = new SshAgent(missing.toString());
        assertFalse(dead.create(null, tmp.toFile()).connect());
        assertTrue(dead.unreachable().contains(missing.toString()) && dead.unreachable().contains("SSH_AUTH_SOCK"), dead.unreachable());
        // IdentityAgent of ~/.ssh/config wins over the environment's socket, and is named as such
        SshAgent configured = new SshAgent(tmp.resolve("env.sock").toString());
        assertFalse(configured.create(missing.toString(), tmp.toFile()).connect());
        assertTrue(configured.unreachable().contains("IdentityAgent"), configured.unreachable());
        assertEquals(missing.toString(), configured.unreachable().substring("the SSH agent at ".length(),
                "the SSH agent at ".length() + missing.toString().length()));
    }
}
