package dev.ctx.index.embed;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The warm server's wire format over a Unix domain socket: each message is a 4-byte big-endian length and
 * a payload. A request is an op byte and its arguments; a response is a status byte ({@link #OK} or
 * {@link #ERROR}) and either the result or a one-line message. Strings are length-prefixed UTF-8;
 * vectors travel as {@code count, dims, floats}.
 */
final class WarmProtocol {
    static final byte HELLO = 1;
    static final byte QUERY = 2;
    static final byte PASSAGES = 3;
    static final byte OK = 0;
    static final byte ERROR = 1;
    /** Bounds what a confused peer can make us allocate. */
    static final int MAX_FRAME = 64 << 20;

    private WarmProtocol() {
    }

    static ByteBuffer request(byte op, List<String> texts) {
        List<byte[]> encoded = new ArrayList<>();
        int size = 1 + 4;
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            encoded.add(b);
            size += 4 + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(4 + size).putInt(size).put(op).putInt(texts.size());
        encoded.forEach(b -> buf.putInt(b.length).put(b));
        return buf.flip();
    }

    static List<String> texts(ByteBuffer payload) throws IOException {
        int n = payload.getInt();
        if (n < 0 || n > payload.remaining() / 4) {
            throw new IOException("bad text count " + n);
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string(payload));
        }
        return out;
    }

    static String string(ByteBuffer payload) throws IOException {
        int len = payload.getInt();
        if (len < 0 || len > payload.remaining()) {
            throw new IOException("bad string length " + len);
        }
        String s = new String(payload.array(), payload.arrayOffset() + payload.position(), len, StandardCharsets.UTF_8);
        payload.position(payload.position() + len);
        return s;
    }

    static ByteBuffer hello(String modelId, int dims) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 1 + 4 + id.length + 4).putInt(1 + 4 + id.length + 4)
                .put(OK).putInt(id.length).put(id).putInt(dims).flip();
    }

    static ByteBuffer vectors(List<float[]> vs) {
        int dims = vs.isEmpty() ? 0 : vs.get(0).length;
        int size = 1 + 4 + 4 + 4 * dims * vs.size();
        ByteBuffer buf = ByteBuffer.allocate(4 + size).putInt(size).put(OK).putInt(vs.size()).putInt(dims);
        for (float[] v : vs) {
            for (float x : v) {
                buf.putFloat(x);
            }
        }
        return buf.flip();
    }

    static List<float[]> readVectors(ByteBuffer payload) throws IOException {
        int n = payload.getInt();
        int dims = payload.getInt();
        if (n < 0 || dims < 0 || (long) n * dims * 4 != payload.remaining()) {
            throw new IOException("bad vector block " + n + "x" + dims);
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[dims];
            payload.asFloatBuffer().get(v);
            payload.position(payload.position() + 4 * dims);
            out.add(v);
        }
        return out;
    }

    static ByteBuffer error(String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 1 + 4 + m.length).putInt(1 + 4 + m.length).put(ERROR).putInt(m.length).put(m).flip();
    }

    /** Blocking read of one frame's payload; null on a clean end of stream before the frame starts. */
    static ByteBuffer readFrame(SocketChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        if (!fill(ch, head, true)) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length(head.flip().getInt()));
        fill(ch, payload, false);
        return payload.flip();
    }

    static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static boolean fill(SocketChannel ch, ByteBuffer buf, boolean eofAllowed) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                if (eofAllowed && buf.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed mid-message");
            }
        }
        return true;
    }

    private static int length(int len) throws IOException {
        if (len < 1 || len > MAX_FRAME) {
            throw new IOException("bad frame length " + len);
        }
        return len;
    }

    /**
     * One request and its response on a non-blocking channel, all within {@code timeoutMillis}: a hung
     * server costs the client this long at most, never forever.
     */
    static ByteBuffer call(SocketChannel ch, Selector selector, ByteBuffer request, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        SelectionKey key = ch.keyFor(selector);
        if (key == null) {
            key = ch.register(selector, 0);
        }
        while (request.hasRemaining()) {
            if (ch.write(request) == 0) {
                await(selector, key, SelectionKey.OP_WRITE, deadline);
            }
        }
        ByteBuffer head = ByteBuffer.allocate(4);
        readWithin(ch, selector, key, head, deadline);
        ByteBuffer payload = ByteBuffer.allocate(length(head.flip().getInt()));
        readWithin(ch, selector, key, payload, deadline);
        return payload.flip();
    }

    private static void readWithin(SocketChannel ch, Selector selector, SelectionKey key, ByteBuffer buf, long deadline) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                throw new EOFException("the warm embedding server closed the connection");
            }
            if (n == 0) {
                await(selector, key, SelectionKey.OP_READ, deadline);
            }
        }
    }

    private static void await(Selector selector, SelectionKey key, int op, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("the warm embedding server did not answer in time");
        }
        key.interestOps(op);
        selector.selectedKeys().clear();
        selector.select(left);
    }
}
