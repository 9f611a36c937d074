package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync over SSH against an in-process server: keys from ~/.ssh, known_hosts checked, unknown hosts refused unless accepted. */
class SshSyncTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path bare;
    Path a;
    SshGitServer server;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        KeyPair client = SshGitServer.rsa();
        SshGitServer.writeClientKey(t.home, client);
        server = new SshGitServer(client.getPublic());
        a = t.init();
        t.okInRepo(a, "remote", "add", "origin", server.url(bare));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void anUnknownHostIsRefusedUnlessAcceptedAndThenRemembered() throws Exception {
        Run refused = t.inRepo(a, "sync");
        assertEquals(7, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("known_hosts") && refused.err().contains("--accept-new-host"), refused.err());
        assertEquals(1, refused.err().strip().split("\n").length, refused.err());
        t.okInRepo(a, "sync", "--accept-new-host");
        assertTrue(Files.readString(t.home.resolve(".ssh/known_hosts")).contains("127.0.0.1"));
        t.okInRepo(a, "remember", "fact over ssh");
        t.okInRepo(a, "sync"); // the host is known now
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }

    @Test
    void twoClonesConvergeOverSshWithAKnownHost() throws Exception {
        Files.writeString(t.home.resolve(".ssh/known_hosts"), server.knownHostsLine());
        t.okInRepo(a, "sync");
        t.ok("init", "b", "--from", bare.toUri().toString());
        Path b = t.dir.resolve("b");
        t.okInRepo(b, "remote", "remove", "origin");
        t.okInRepo(b, "remote", "add", "origin", server.url(bare));
        t.okInRepo(a, "remember", "fact from a over ssh");
        t.okInRepo(b, "remember", "fact from b over ssh");
        t.okInRepo(a, "sync");
        t.okInRepo(b, "sync");
        t.okInRepo(a, "sync");
        String notes = Files.readString(a.resolve("system/notes.md"));
        assertEquals(notes, Files.readString(b.resolve("system/notes.md")));
        assertTrue(notes.contains("fact from a over ssh") && notes.contains("fact from b over ssh"), notes);
        t.assertFsckClean(bare);
    }

    @Test
    void aHostWhoseKeyChangedIsRefused() throws Exception {
        // a known_hosts entry for this host and port with another key
        KeyPair other = SshGitServer.rsa();
        Files.writeString(t.home.resolve(".ssh/known_hosts"), server.knownHostsLine().substring(0, server.knownHostsLine().indexOf(' ') + 1)
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic()) + "\n");
        Run r = t.inRepo(a, "sync", "--accept-new-host");
        assertEquals(7, r.exit(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
    }
}
