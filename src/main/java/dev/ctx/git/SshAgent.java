package dev.ctx.git;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.sshd.agent.AbstractConnector;
import org.eclipse.jgit.transport.sshd.agent.Connector;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * JGit's SSH agent SPI over the Unix-domain socket an OpenSSH-compatible agent listens on, in plain Java 17
 * ({@link UnixDomainSocketAddress}): JGit's own connectors need JNA, which ctx does not ship. The socket is
 * the one the environment named ({@code SSH_AUTH_SOCK}, read by the adapter and handed down in
 * {@link RemoteAccess}), or the {@code IdentityAgent} of {@code ~/.ssh/config}. An agent that is not there
 * (a stale socket left by a dead agent) is not an error by itself: JGit then tries the key files, and the
 * reason is kept so that a failed login can say why the agent was not used.
 */
final class SshAgent implements ConnectorFactory {
    private static final ConnectorDescriptor DEFAULT = new ConnectorDescriptor() {
        @Override
        public String getIdentityAgent() {
            return SshConstants.ENV_SSH_AUTH_SOCKET;
        }

        @Override
        public String getDisplayName() {
            return "SSH agent on the Unix socket named by SSH_AUTH_SOCK";
        }
    };

    /** Long enough for an agent that asks its person to confirm each use ({@code ssh-add -c}). */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final String socket;
    private final Duration replyTimeout;
    private final AtomicReference<String> unreachable = new AtomicReference<>();

    /** {@code socket}: the value of SSH_AUTH_SOCK, or null when it is unset. */
    SshAgent(String socket) {
        this(socket, REPLY_TIMEOUT);
    }

    /** With how long one request may wait for the agent: an agent that accepts and never answers must not hang a sync. */
    SshAgent(String socket, Duration replyTimeout) {
        this.socket = socket == null || socket.isBlank() ? null : socket;
        this.replyTimeout = replyTimeout;
    }

    /** Why the agent could not be used in this operation (one clause, names the socket), or null when it could or none was set. */
    String unreachable() {
        return unreachable.get();
    }

    @Override
    public Connector create(String identityAgent, File homeDir) {
        boolean fromEnv = identityAgent == null || identityAgent.isBlank() || SshConstants.ENV_SSH_AUTH_SOCKET.equals(identityAgent);
        return fromEnv ? new UnixConnector(socket, "SSH_AUTH_SOCK") : new UnixConnector(identityAgent, "IdentityAgent in ~/.ssh/config");
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public String getName() {
        return "ctx-unix-socket";
    }

    @Override
    public Collection<ConnectorDescriptor> getSupportedConnectors() {
        return List.of(DEFAULT);
    }

    @Override
    public ConnectorDescriptor getDefaultConnector() {
        return DEFAULT;
    }

    /** One connection to the agent; the agent protocol is a uint32 length, then the command byte and its data, one reply per request. */
    private final class UnixConnector extends AbstractConnector {
        private final String path;
        private final String source;
        private SocketChannel channel;
        private Selector selector;
        private SelectionKey key;

        UnixConnector(String path, String source) {
            this.path = path;
            this.source = source;
        }

        @Override
        public synchronized boolean connect() {
            if (channel != null) {
                return true;
            }
            if (path == null) {
                return false;
            }
            SocketChannel c = null;
            try {
                c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(Path.of(path)));
                // non-blocking from here on, so that every wait for the agent is bounded by the reply timeout
                c.configureBlocking(false);
                selector = Selector.open();
                key = c.register(selector, 0);
                channel = c;
                return true;
            } catch (IOException | RuntimeException e) {
                closeQuietly(c);
                closeQuietly(selector);
                selector = null;
                String why = Files.exists(Path.of(path)) ? "nothing answers there (a stale socket of an agent that has stopped?)"
                        : "the socket does not exist";
                unreachable.set("the SSH agent at " + path + " (" + source + ") is not running: " + why);
                return false;
            }
        }

        @Override
        public synchronized byte[] rpc(byte command, byte[] message) throws IOException {
            if (channel == null && !connect()) {
                throw new IOException(unreachable.get() != null ? unreachable.get() : "no SSH agent");
            }
            prepareMessage(command, message);
            ByteBuffer out = ByteBuffer.wrap(message);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
            byte[] length = new byte[4];
            readFully(ByteBuffer.wrap(length));
            byte[] reply = new byte[toLength(command, length)];
            readFully(ByteBuffer.wrap(reply));
            return reply;
        }

        private void readFully(ByteBuffer into) throws IOException {
            while (into.hasRemaining()) {
                int n = channel.read(into);
                if (n < 0) {
                    throw new EOFException("the SSH agent at " + path + " closed the connection mid-reply");
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ);
                }
            }
        }

        private void await(int op) throws IOException {
            key.interestOps(op);
            int ready = selector.select(replyTimeout.toMillis());
            selector.selectedKeys().clear();
            if (ready == 0) {
                throw new IOException("the SSH agent at " + path + " (" + source + ") did not answer within "
                        + replyTimeout.toSeconds() + " s; restart it or unset SSH_AUTH_SOCK");
            }
        }

        @Override
        public synchronized void close() throws IOException {
            SocketChannel c = channel;
            Selector s = selector;
            channel = null;
            selector = null;
            closeQuietly(s);
            if (c != null) {
                c.close();
            }
        }

        private static void closeQuietly(java.io.Closeable c) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // nothing to release beyond the descriptor
                }
            }
        }
    }
}
