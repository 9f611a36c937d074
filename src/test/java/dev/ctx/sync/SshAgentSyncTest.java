package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync and clone over SSH with the key held by a real {@code ssh-agent} the test starts on a socket of its own:
 * the key has a passphrase and no key file is in HOME, so only the agent can log in. Skipped, saying why,
 * when OpenSSH's client tools are not installed.
 */
class SshAgentSyncTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final Path SSH_AGENT = Path.of("/usr/bin/ssh-agent");
    private static final Path SSH_ADD = Path.of("/usr/bin/ssh-add");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    @TempDir
    Path tmp;
    TestRepo t;
    Path bare;
    Path a;
    SshGitServer server;
    Process agent;
    Path socket;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(SSH_AGENT) && Files.isExecutable(SSH_ADD) && Files.isExecutable(SSH_KEYGEN),
                "OpenSSH client tools (ssh-agent, ssh-add, ssh-keygen in /usr/bin) are not installed: the SSH agent tests cannot run");
        t = new TestRepo(tmp);
        bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        // the key lives outside HOME and has a passphrase: ctx can only use it through the agent
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Path key = keys.resolve("agent_rsa");
        run(Map.of(), SSH_KEYGEN.toString(), "-q", "-t", "rsa", "-b", "2048", "-N", PASSPHRASE, "-C", "ctx-agent-test", "-f", key.toString());
        PublicKey pub = PublicKeyEntry.parsePublicKeyEntry(Files.readString(keys.resolve("agent_rsa.pub")).strip()).resolvePublicKey(null, null, null);
        server = new SshGitServer(pub);
        socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder(SSH_AGENT.toString(), "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            Thread.sleep(25); // waiting for the agent to bind its socket, not asserting on time
        }
        assertTrue(Files.exists(socket), "ssh-agent did not create its socket");
        Path askpass = keys.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\necho '" + PASSPHRASE + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        run(Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"),
                SSH_ADD.toString(), key.toString());
        Files.delete(key);
        Files.createDirectories(t.home.resolve(".ssh"));
        Files.writeString(t.home.resolve(".ssh/known_hosts"), server.knownHostsLine());
        a = t.init();
        ok(a, "remote", "add", "origin", server.url(bare));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor();
            }
        }
    }

    private void run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private Run in(Path repo, String... args) {
        Run r = t.inRepo(repo, args);
        assertFalse(r.out().contains(PASSPHRASE) || r.err().contains(PASSPHRASE), r.toString());
        return r;
    }

    private Run ok(Path repo, String... args) {
        Run r = in(repo, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    private void noKeyFileInHome() throws IOException {
        try (var files = Files.list(t.home.resolve(".ssh"))) {
            assertEquals(List.of("known_hosts"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void theAgentsKeyLogsInWhereNoKeyFileCould() throws Exception {
        noKeyFileInHome();
        Run without = in(a, "sync");
        assertEquals(7, without.exit(), "without the agent nothing can log in: " + without);
        t.env.put("SSH_AUTH_SOCK", socket.toString());
        ok(a, "remember", "fact signed for by the agent");
        ok(a, "sync");
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
        ok(a, "sync"); // a second session over the same agent
        t.assertFsckClean(bare);
    }

    @Test
    void initFromAnSshUrlUsesTheAgentAndKnownHosts() throws Exception {
        t.env.put("SSH_AUTH_SOCK", socket.toString());
        ok(a, "remember", "fact to clone over ssh");
        ok(a, "sync");
        t.ok("init", "b", "--from", server.url(bare));
        Path b = t.dir.resolve("b");
        assertTrue(Files.readString(b.resolve("system/notes.md")).contains("fact to clone over ssh"));
        ok(b, "sync"); // origin is the SSH URL and works as it is
        // a host not in known_hosts is refused unless accepted, as for sync
        Files.delete(t.home.resolve(".ssh/known_hosts"));
        Run refused = t.ctx("init", "c", "--from", server.url(bare));
        assertEquals(7, refused.exit(), refused.toString());
        assertEquals(1, refused.err().strip().split("\n").length, refused.err());
        assertTrue(refused.err().contains("--accept-new-host"), refused.err());
        assertFalse(Files.exists(t.dir.resolve("c/ctx.yaml")));
        t.ok("init", "c", "--from", server.url(bare), "--accept-new-host");
        assertTrue(Files.readString(t.dir.resolve("c/system/notes.md")).contains("fact to clone over ssh"));
    }

    @Test
    void aDeadAgentSocketIsOneClearLineAndKeyFilesStillWork() throws Exception {
        // a socket file nobody listens on: what a crashed agent leaves behind
        Path dead = tmp.resolve("dead.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dead));
        }
        assertTrue(Files.exists(dead));
        t.env.put("SSH_AUTH_SOCK", dead.toString());
        Run r = in(a, "sync");
        assertEquals(7, r.exit(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("SSH_AUTH_SOCK") && r.err().contains(dead.toString()) && r.err().contains("not running"), r.err());
        // with a key file the server accepts, the sync falls back to it
        KeyPair fileKey = SshGitServer.rsa();
        server.close();
        server = new SshGitServer(fileKey.getPublic());
        SshGitServer.writeClientKey(t.home, fileKey);
        Files.writeString(t.home.resolve(".ssh/known_hosts"), server.knownHostsLine());
        ok(a, "remote", "remove", "origin");
        ok(a, "remote", "add", "origin", server.url(bare));
        ok(a, "sync");
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }
}
