package dev.ctx.server;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of the thin client: sends one request to the running server and relays its output, or
 * says why it could not ({@link Result.Unavailable}: the caller then runs the command itself). Nothing of
 * the command has run when it is unavailable, so running it in process then is never a second run.
 */
public final class Client {
    /** How long a cancelled request is given to report its end before the client leaves. */
    static final long CANCEL_WAIT_MILLIS = 2000;

    private Client() {
    }

    public sealed interface Result {
        /** The server ran the command; its exit status. */
        record Done(int exit) implements Result {
        }

        /** No server answered for this command; why (for --verbose and tests). */
        record Unavailable(String why) implements Result {
        }

        /** The runtime folder is unsafe: the one line to show; the command runs in process. */
        record Unsafe(String why) implements Result {
        }
    }

    /** Runs {@code argv} through the server of {@code dir}. */
    public static Result run(RuntimeDir dir, String build, List<String> argv, Path cwd, Map<String, String> env,
                             InputStream in, OutputStream out, OutputStream err) {
        try (SocketChannel ch = connect(dir)) {
            if (ch == null) {
                return new Result.Unavailable("no server at " + dir.socket());
            }
            OutputStream wire = new BufferedOutputStream(SocketStreams.out(ch), 1 << 16);
            Frames.write(wire, Frames.HELLO, Frames.VERSION + " " + build);
            Frames.write(wire, Frames.CWD, cwd.toString());
            for (String a : argv) {
                Frames.write(wire, Frames.ARG, a);
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                Frames.write(wire, Frames.ENV, e.getKey() + "=" + e.getValue());
            }
            Frames.write(wire, Frames.RUN, new byte[0]);
            wire.flush();
            return relay(ch, wire, in, out, err);
        } catch (UnsafeFolder e) {
            return new Result.Unsafe(e.getMessage());
        } catch (IOException e) {
            return new Result.Unavailable("server connection failed: " + e.getMessage());
        }
    }

    /** Asks the server for "status" or "stop"; its reply, or null when none runs. */
    public static String control(RuntimeDir dir, String what) throws IOException {
        try (SocketChannel ch = connect(dir)) {
            if (ch == null) {
                return null;
            }
            OutputStream wire = new BufferedOutputStream(SocketStreams.out(ch));
            // A control request names no build: status and stop work on a server of any build.
            Frames.write(wire, Frames.HELLO, Frames.VERSION + " " + Frames.ANY_BUILD);
            Frames.write(wire, Frames.CONTROL, what);
            wire.flush();
            DataInputStream din = new DataInputStream(new java.io.BufferedInputStream(SocketStreams.in(ch)));
            StringBuilder reply = new StringBuilder();
            for (Frames.Frame f; (f = Frames.read(din)) != null; ) {
                if (f.type() == Frames.REPLY) {
                    reply.append(f.text());
                } else if (f.type() == Frames.REFUSED) {
                    throw new IOException(f.text());
                } else if (f.type() == Frames.EXIT) {
                    break;
                }
            }
            return reply.toString();
        } catch (UnsafeFolder e) {
            throw new IOException(e.getMessage());
        }
    }

    private static final class UnsafeFolder extends IOException {
        UnsafeFolder(String m) {
            super(m);
        }
    }

    /** A connected channel, or null when no server listens; refuses an unsafe folder before sending anything. */
    private static SocketChannel connect(RuntimeDir dir) throws IOException {
        if (!Files.exists(dir.socket(), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            // Our environment (API keys among it) goes only to a server in a folder of ours that nobody else can enter.
            dir.check(Peers.me());
        } catch (IOException e) {
            throw new UnsafeFolder(e.getMessage());
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(dir.socket()));
            return ch;
        } catch (IOException e) {
            ch.close();
            return null; // a dead server's socket: the next server replaces it
        }
    }

    private static Result relay(SocketChannel ch, OutputStream wire, InputStream in, OutputStream out, OutputStream err) throws IOException {
        DataInputStream din = new DataInputStream(new java.io.BufferedInputStream(SocketStreams.in(ch)));
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: tell the server, give it a moment to stop the command, then let the JVM go.
        Thread cancel = new Thread(() -> {
            try {
                synchronized (wire) {
                    Frames.write(wire, Frames.CANCEL, new byte[0]);
                    wire.flush();
                }
                done.await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (IOException | InterruptedException e) {
                // leaving anyway
            }
        }, "ctx-client-cancel");
        Runtime.getRuntime().addShutdownHook(cancel);
        boolean started = false;
        try {
            for (Frames.Frame f; (f = Frames.read(din)) != null; ) {
                switch (f.type()) {
                    case Frames.STDOUT -> {
                        started = true;
                        out.write(f.payload());
                        out.flush();
                    }
                    case Frames.STDERR -> {
                        started = true;
                        err.write(f.payload());
                        err.flush();
                    }
                    case Frames.STDIN_WANTED -> {
                        started = true;
                        byte[] b = new byte[f.integer()];
                        int n = in.read(b);
                        synchronized (wire) {
                            Frames.write(wire, Frames.STDIN, b, 0, Math.max(0, n));
                            wire.flush();
                        }
                    }
                    case Frames.EXIT -> {
                        return new Result.Done(f.integer());
                    }
                    case Frames.REFUSED -> {
                        if (started) {
                            throw new IOException("server refused mid-request: " + f.text());
                        }
                        return new Result.Unavailable(f.text());
                    }
                    default -> throw new IOException("unexpected frame '" + (char) f.type() + "' from the server");
                }
            }
            if (!started) {
                return new Result.Unavailable("server closed the connection before running the command");
            }
            // The server died mid-request: whatever it wrote is all there is; the status says it failed.
            err.write("ctx: the server ended during this command; run it again to be sure of its result\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Result.Done(7);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends by itself
            }
        }
    }
}
