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
        ok(a, "remote", "add", "origin", server.url(bare));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private Run in(Path repo, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return t.ctx(all);
    }

    private Run ok(Path repo, String... args) {
        Run r = in(repo, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    @Test
    void anUnknownHostIsRefusedUnlessAcceptedAndThenRemembered() throws Exception {
        Run refused = in(a, "sync");
        assertEquals(7, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("known_hosts") && refused.err().contains("--accept-new-host"), refused.err());
        assertEquals(1, refused.err().strip().split("\n").length, refused.err());
        ok(a, "sync", "--accept-new-host");
        assertTrue(Files.readString(t.home.resolve(".ssh/known_hosts")).contains("127.0.0.1"));
        ok(a, "remember", "fact over ssh");
        ok(a, "sync"); // the host is known now
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }

    @Test
    void twoClonesConvergeOverSshWithAKnownHost() throws Exception {
        Files.writeString(t.home.resolve(".ssh/known_hosts"), server.knownHostsLine());
        ok(a, "sync");
        t.ok("init", "b", "--from", bare.toUri().toString());
        Path b = t.dir.resolve("b");
        ok(b, "remote", "remove", "origin");
        ok(b, "remote", "add", "origin", server.url(bare));
        ok(a, "remember", "fact from a over ssh");
        ok(b, "remember", "fact from b over ssh");
        ok(a, "sync");
        ok(b, "sync");
        ok(a, "sync");
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
        Run r = in(a, "sync", "--accept-new-host");
        assertEquals(7, r.exit(), r.toString());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
    }
}
