package dev.ctx.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * git's smart HTTP protocol (stateless RPC) over loopback for tests, with JGit's UploadPack and ReceivePack
 * behind a JDK HTTP(S) server: one bare repository at {@code /mem.git}, an optional required token (HTTP
 * basic auth), a push rejection like a host's protected branch, and failures halfway through a fetch or a push.
 */
final class SmartHttpServer implements AutoCloseable {
    enum Failure { NONE, MID_FETCH, MID_PUSH }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Path bare;
    volatile String requiredPassword;
    volatile String rejectPush;
    volatile Failure failure = Failure.NONE;
    volatile int requests;

    SmartHttpServer(Path bare, SSLContext tls) throws IOException {
        this.bare = bare;
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
        } else {
            HttpsServer s = HttpsServer.create(at, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        }
        server.createContext("/mem.git/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/mem.git";
    }

    private void handle(HttpExchange ex) throws IOException {
        requests++;
        try (ex; Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
            if (!authorized(ex)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mem\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            if (path.endsWith("/info/refs")) {
                String service = query.contains("git-receive-pack") ? "git-receive-pack" : "git-upload-pack";
                ex.getResponseHeaders().add("Content-Type", "application/x-" + service + "-advertisement");
                ex.getResponseHeaders().add("Cache-Control", "no-cache");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                PacketLineOut pck = new PacketLineOut(out);
                pck.writeString("# service=" + service + "\n");
                pck.end();
                RefAdvertiser.PacketLineOutRefAdvertiser adv = new RefAdvertiser.PacketLineOutRefAdvertiser(pck);
                if (service.equals("git-upload-pack")) {
                    UploadPack up = new UploadPack(repo);
                    up.setBiDirectionalPipe(false);
                    up.sendAdvertisedRefs(adv);
                } else {
                    ReceivePack rp = receivePack(repo);
                    rp.sendAdvertisedRefs(adv);
                }
                out.flush();
            } else if (path.endsWith("/git-upload-pack")) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                up.upload(body(ex), buf, null);
                ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
                byte[] all = buf.toByteArray();
                ex.sendResponseHeaders(200, 0);
                // the server going away halfway: the client gets part of the pack, then the end of the stream
                ex.getResponseBody().write(all, 0, failure == Failure.MID_FETCH ? Math.min(all.length / 2, 60) : all.length);
            } else if (path.endsWith("/git-receive-pack")) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                ReceivePack rp = receivePack(repo);
                if (failure == Failure.MID_PUSH) {
                    // the request arrives, the server dies before it takes anything in
                    body(ex).readAllBytes();
                    ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-result");
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write("00".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                rp.receive(body(ex), buf, null);
                ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-result");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write(buf.toByteArray());
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        }
    }

    private ReceivePack receivePack(Repository repo) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        String reason = rejectPush;
        if (reason != null) {
            rp.setPreReceiveHook((r, commands) -> commands.forEach(c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason)));
        }
        return rp;
    }

    private boolean authorized(HttpExchange ex) {
        String need = requiredPassword;
        if (need == null) {
            return true;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Basic ")) {
            return false;
        }
        String userPass = new String(Base64.getDecoder().decode(h.substring(6)), StandardCharsets.UTF_8);
        return userPass.endsWith(":" + need);
    }

    private static InputStream body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        return "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding")) ? new GZIPInputStream(in) : in;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
