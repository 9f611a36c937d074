package dev.ctx.server;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One client connection: checks the peer and the build, reads the request, runs it with streams that
 * forward stdout and stderr as frames as they are flushed and ask the client for stdin only when the
 * command reads it, then sends the exit status.
 *
 * <p>Cancelling (the client's Ctrl-C, or the client gone) is cooperative: the command's next write to
 * stdout or stderr, or its next read of stdin, throws {@link Cancelled}. A write to the repository is one
 * commit or nothing and prints only after it committed, so a cancelled write either happened or did not;
 * the thread is never interrupted inside git or Lucene I/O, which could leave the warm index broken.
 */
final class Connection {
    /** Exit status reported for a cancelled request, as a shell reports SIGINT. */
    static final int CANCELLED = 130;

    /** Thrown into the command by its streams once the request is cancelled. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("request cancelled by the client", null, false, false);
        }
    }

    private final Server server;
    private final SocketChannel channel;
    private final OutputStream wire;
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    Connection(Server server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.wire = new BufferedOutputStream(SocketStreams.out(channel), 1 << 16);
    }

    void serve() {
        try (channel) {
            String refusal = Peers.refusal(Peers.peer(channel), server.me());
            if (refusal != null) {
                server.settings().log().println("ctx server: " + refusal);
                send(Frames.REFUSED, refusal.getBytes(StandardCharsets.UTF_8));
                return;
            }
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(SocketStreams.in(channel)));
            Frames.Frame hello = Frames.read(in);
            if (hello == null || hello.type() != Frames.HELLO) {
                return;
            }
            String expected = Frames.VERSION + " " + server.settings().build();
            boolean controlOnly = hello.text().equals(Frames.VERSION + " " + Frames.ANY_BUILD);
            if (!controlOnly && !hello.text().equals(expected)) {
                send(Frames.REFUSED, ("server runs another build (" + expected + "); it leaves for yours").getBytes(StandardCharsets.UTF_8));
                server.leave("replaced by a client of build " + hello.text());
                return;
            }
            readRequest(in, controlOnly);
        } catch (IOException | RuntimeException e) {
            // a client that went away or spoke nonsense costs only its own connection
        }
    }

    private void readRequest(DataInputStream in, boolean controlOnly) throws IOException {
        List<String> argv = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        Path cwd = null;
        while (true) {
            Frames.Frame f = Frames.read(in);
            if (f == null) {
                return;
            }
            switch (f.type()) {
                case Frames.CWD -> cwd = Path.of(f.text());
                case Frames.ARG -> argv.add(f.text());
                case Frames.ENV -> {
                    String kv = f.text();
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                case Frames.CONTROL -> {
                    control(f.text());
                    return;
                }
                case Frames.RUN -> {
                    if (controlOnly) {
                        send(Frames.REFUSED, "a command needs the client's build in its hello".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    if (cwd == null || !cwd.isAbsolute()) {
                        send(Frames.REFUSED, "request without an absolute working directory".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    run(new Request(argv, cwd, env), in);
                    return;
                }
                default -> throw new IOException("unexpected frame '" + (char) f.type() + "' before the request started");
            }
        }
    }

    private void control(String what) throws IOException {
        server.begin();
        try {
            switch (what) {
                case "status" -> send(Frames.REPLY, server.status().getBytes(StandardCharsets.UTF_8));
                case "stop" -> send(Frames.REPLY, ("stopping pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
                default -> {
                    send(Frames.REFUSED, ("unknown control request '" + what + "'").getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            sendInt(Frames.EXIT, 0);
        } finally {
            server.end();
        }
        if (what.equals("stop")) {
            server.leave("stopped by ctx server stop");
        }
    }

    private void run(Request request, DataInputStream in) {
        server.begin();
        Thread reader = new Thread(() -> readWhileRunning(in), "ctx-request-input");
        reader.setDaemon(true);
        reader.start();
        int code;
        try (PrintStream out = new PrintStream(new FrameOutput(Frames.STDOUT), true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(new FrameOutput(Frames.STDERR), true, StandardCharsets.UTF_8)) {
            try {
                code = server.settings().handler().run(request, new Stdin(), out, err);
                out.flush();
                err.flush();
            } catch (Cancelled c) {
                code = CANCELLED;
            }
            if (cancelled) {
                code = CANCELLED;
            }
            try {
                sendInt(Frames.EXIT, code);
            } catch (IOException gone) {
                // the client left; nothing to tell
            }
        } finally {
            server.end();
        }
    }

    /** While the command runs, the client sends only stdin chunks and a possible cancel; its end cancels too. */
    private void readWhileRunning(DataInputStream in) {
        try {
            while (true) {
                Frames.Frame f = Frames.read(in);
                if (f == null || f.type() == Frames.CANCEL) {
                    break;
                }
                if (f.type() == Frames.STDIN) {
                    stdin.add(f.payload());
                }
            }
        } catch (IOException e) {
            // the client is gone: the same as a cancel
        }
        cancelled = true;
        stdin.add(new byte[0]);
    }

    private void send(byte type, byte[] payload) throws IOException {
        synchronized (wire) {
            Frames.write(wire, type, payload);
            wire.flush();
        }
    }

    private void sendInt(byte type, int value) throws IOException {
        synchronized (wire) {
            Frames.writeInt(wire, type, value);
            wire.flush();
        }
    }

    /** stdout or stderr of the command: buffered until the PrintStream flushes, then one frame. */
    private final class FrameOutput extends OutputStream {
        private final byte type;
        private final byte[] buf = new byte[8192];
        private int n;

        FrameOutput(byte type) {
            this.type = type;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - n) {
                flush();
            }
            if (len > buf.length) {
                frame(b, off, len);
                return;
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        @Override
        public synchronized void flush() throws IOException {
            if (n > 0) {
                frame(buf, 0, n);
                n = 0;
            }
        }

        private void frame(byte[] b, int off, int len) throws IOException {
            if (cancelled) {
                throw new Cancelled();
            }
            try {
                synchronized (wire) {
                    Frames.write(wire, type, b, off, len);
                    wire.flush();
                }
            } catch (IOException e) {
                cancelled = true;
                throw new Cancelled();
            }
        }
    }

    /** stdin of the command: asks the client for bytes only when read, so a command that never reads never waits. */
    private final class Stdin extends InputStream {
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == chunk.length) {
                if (eof) {
                    return -1;
                }
                if (cancelled) {
                    throw new Cancelled();
                }
                sendInt(Frames.STDIN_WANTED, Math.min(len, 1 << 16));
                try {
                    chunk = stdin.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading stdin");
                }
                pos = 0;
                if (cancelled) {
                    throw new Cancelled();
                }
                if (chunk.length == 0) {
                    eof = true;
                    return -1;
                }
            }
            int k = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, k);
            pos += k;
            return k;
        }
    }
}
