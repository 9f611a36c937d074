package dev.ctx.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH git host in process on loopback (Apache MINA sshd): public-key login for one client key, and
 * {@code git-upload-pack} / {@code git-receive-pack} served by JGit on the session's channel.
 */
final class SshGitServer implements AutoCloseable {
    private final SshServer sshd;
    private final KeyPair hostKey;

    SshGitServer(PublicKey client) throws Exception {
        hostKey = rsa();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client));
        sshd.setCommandFactory((channel, command) -> new GitCommand(command));
        sshd.start();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** Writes {@code key} as {@code ~/.ssh/id_rsa} in OpenSSH format, where an SSH client looks for it. */
    static void writeClientKey(Path home, KeyPair key) throws Exception {
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        try (OutputStream out = Files.newOutputStream(ssh.resolve("id_rsa"))) {
            new OpenSSHKeyPairResourceWriter().writePrivateKey(key, "ctx-test", null, out);
        }
        Files.writeString(ssh.resolve("id_rsa.pub"), PublicKeyEntry.toString(key.getPublic()) + " ctx-test\n");
    }

    /** The known_hosts line for this server. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    String url(Path bare) {
        return "ssh://git@127.0.0.1:" + sshd.getPort() + bare.toAbsolutePath();
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    /** One git command on a channel: the path comes quoted after the command name, as git sends it. */
    private static final class GitCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        GitCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(this::serve, "ssh-git");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            int status = 0;
            String name = command.split(" ", 2)[0];
            String path = command.substring(name.length()).trim().replaceAll("^'|'$", "");
            try (Repository repo = new FileRepositoryBuilder().setGitDir(Path.of(path).toFile()).setMustExist(true).build()) {
                if (name.equals("git-upload-pack")) {
                    new UploadPack(repo).upload(in, out, err);
                } else if (name.equals("git-receive-pack")) {
                    new ReceivePack(repo).receive(in, out, err);
                } else {
                    status = 127;
                }
            } catch (Exception e) {
                status = 1;
            } finally {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // the client went away
                }
                exit.onExit(status);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
