package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync over smart HTTP(S) against a server the test runs on loopback: tokens, credential helpers, rejections, a server that dies halfway. */
class SmartHttpSyncTest {
    private static final String TOKEN = "tok-9f8e7d6c5b4a";

    @TempDir
    Path tmp;
    TestRepo t;
    Path bare;
    Path a;
    Path b;
    SmartHttpServer server;
    SSLSocketFactory defaultTls;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        a = t.init();
        t.ok("init", "b", "--from", a.toUri().toString());
        b = t.dir.resolve("b");
        ok(b, "remote", "remove", "origin");
        defaultTls = HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        HttpsURLConnection.setDefaultSSLSocketFactory(defaultTls);
    }

    private void serve(boolean https) throws Exception {
        server = new SmartHttpServer(bare, https ? tls() : null);
        ok(a, "remote", "add", "origin", server.url());
        ok(b, "remote", "add", "origin", server.url());
    }

    /** A self-signed certificate for 127.0.0.1 made by keytool; the client trusts it as the JVM trust store would. */
    private SSLContext tls() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "loopback",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
        return ctx;
    }

    private Run in(Path repo, String... args) {
        Run r = t.inRepo(repo, args);
        assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN), "the token is never shown: " + r);
        return r;
    }

    private Run ok(Path repo, String... args) {
        Run r = in(repo, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    @Test
    void twoClonesConvergeOverHttpsWithATokenFromTheEnvironment() throws Exception {
        serve(true);
        server.requiredPassword = TOKEN;
        Run denied = in(a, "sync");
        assertEquals(7, denied.exit(), denied.toString());
        assertTrue(denied.err().contains("$CTX_SYNC_TOKEN"), denied.err());
        t.env.put("CTX_SYNC_TOKEN", TOKEN);
        ok(a, "sync");
        ok(b, "sync", "--json");
        ok(a, "remember", "fact over https from a");
        ok(b, "remember", "fact over https from b");
        ok(a, "sync");
        ok(b, "sync");
        ok(a, "sync");
        String notes = Files.readString(a.resolve("system/notes.md"));
        assertEquals(notes, Files.readString(b.resolve("system/notes.md")));
        assertTrue(notes.contains("fact over https from a") && notes.contains("fact over https from b"), notes);
        ok(a, "--json", "remote", "list");
        t.assertFsckClean(bare);
    }

    @Test
    void initFromAnHttpsUrlUsesTheTokenAndNeverShowsIt() throws Exception {
        serve(true);
        server.requiredPassword = TOKEN;
        t.env.put("CTX_SYNC_TOKEN", TOKEN);
        ok(a, "remember", "fact to clone over https");
        ok(a, "sync");
        t.env.remove("CTX_SYNC_TOKEN");
        Run denied = t.ctx("init", "c", "--from", server.url());
        assertEquals(7, denied.exit(), denied.toString());
        assertEquals(1, denied.err().strip().split("\n").length, denied.err());
        assertTrue(denied.err().contains("$CTX_SYNC_TOKEN"), denied.err());
        Run withPassword = t.ctx("init", "c", "--from", server.url().replace("://", "://me:" + TOKEN + "@"));
        assertEquals(4, withPassword.exit(), withPassword.toString());
        assertFalse(withPassword.out().contains(TOKEN) || withPassword.err().contains(TOKEN), withPassword.toString());
        t.env.put("CTX_SYNC_TOKEN", TOKEN);
        Run cloned = t.ctx("--json", "init", "c", "--from", server.url());
        assertEquals(0, cloned.exit(), cloned.toString());
        assertFalse(cloned.out().contains(TOKEN) || cloned.err().contains(TOKEN), cloned.toString());
        Path c = t.dir.resolve("c");
        assertTrue(Files.readString(c.resolve("system/notes.md")).contains("fact to clone over https"));
        assertFalse(Files.readString(c.resolve(".git/config")).contains(TOKEN), "the token is not stored");
        ok(c, "sync");
    }

    @Test
    void gitsCredentialHelperIsAskedWhenNoTokenIsSet() throws Exception {
        serve(false);
        server.requiredPassword = TOKEN;
        Files.writeString(t.home.resolve(".gitconfig"), "[credential]\n\thelper = \"!f() { echo username=me; echo password=" + TOKEN + "; }; f\"\n");
        ok(a, "sync");
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }

    @Test
    void aPushTheHostRejectsIsOneClearErrorAndLosesNothing() throws Exception {
        serve(false);
        ok(a, "sync");
        server.rejectPush = "main is protected";
        ok(a, "remember", "a fact the host will not take");
        String remoteBefore = t.git(bare, "rev-parse", "main");
        Run r = in(a, "sync");
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.err().contains("refused the push") && r.err().contains("main is protected"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertEquals(remoteBefore, t.git(bare, "rev-parse", "main"));
        assertTrue(Files.readString(a.resolve("system/notes.md")).contains("a fact the host will not take"));
        t.assertFsckClean(a);
        t.assertFsckClean(bare);
    }

    @Test
    void aServerThatGoesAwayMidFetchOrMidPushLosesNothingAndTheNextSyncConverges() throws Exception {
        serve(false);
        ok(a, "sync");
        ok(b, "sync");
        ok(b, "remember", "fact b pushed before the outage");
        ok(b, "sync");
        ok(a, "remember", "fact a written during the outage");
        String aBefore = t.git(a, "rev-parse", "HEAD");
        for (SmartHttpServer.Failure f : List.of(SmartHttpServer.Failure.MID_FETCH, SmartHttpServer.Failure.MID_PUSH)) {
            server.failure = f;
            String remoteBefore = t.git(bare, "rev-parse", "main");
            Run r = in(a, "sync");
            assertEquals(7, r.exit(), f + ": " + r);
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertEquals(remoteBefore, t.git(bare, "rev-parse", "main"), f + ": the remote took nothing");
            assertTrue(Files.readString(a.resolve("system/notes.md")).contains("fact a written during the outage"), f.toString());
            t.assertFsckClean(a);
            t.assertFsckClean(bare);
            if (f == SmartHttpServer.Failure.MID_FETCH) {
                assertEquals(aBefore, t.git(a, "rev-parse", "HEAD"), "a failed fetch moves nothing");
            }
        }
        server.failure = SmartHttpServer.Failure.NONE;
        ok(a, "sync");
        ok(b, "sync");
        String notes = Files.readString(b.resolve("system/notes.md"));
        assertTrue(notes.contains("fact b pushed before the outage") && notes.contains("fact a written during the outage"), notes);
        assertEquals(notes, Files.readString(a.resolve("system/notes.md")));
    }
}
