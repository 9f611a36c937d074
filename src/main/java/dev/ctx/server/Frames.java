package dev.ctx.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The wire format between the thin client and the server, simple enough for a small C program: each frame
 * is one type byte, a 4-byte big-endian payload length, then the payload. Texts are UTF-8.
 *
 * <p>Client to server, in this order: {@link #HELLO} ("ctx1 " + build id), {@link #CWD}, one {@link #ARG}
 * per argument, one {@link #ENV} ("NAME=value") per variable, then {@link #RUN} (or {@link #CONTROL} with
 * "status" or "stop"). While a command runs: {@link #STDIN} chunks when asked (empty: end of input) and
 * {@link #CANCEL}. Server to client: {@link #STDOUT}, {@link #STDERR} as produced, {@link #STDIN_WANTED}
 * (payload: 4-byte maximum), {@link #EXIT} (4-byte status, last frame), or {@link #REFUSED} (a reason: the
 * client runs the command itself), {@link #REPLY} (a control answer, then EXIT).
 */
public final class Frames {
    public static final String VERSION = "ctx1";

    /** The build a control request ("status", "stop") names: any server answers it, whatever its build. */
    public static final String ANY_BUILD = "*";

    public static final byte HELLO = 'H';
    public static final byte CWD = 'D';
    public static final byte ARG = 'A';
    public static final byte ENV = 'V';
    public static final byte RUN = 'R';
    public static final byte CONTROL = 'C';
    public static final byte STDIN = 'I';
    public static final byte CANCEL = 'X';

    public static final byte STDOUT = 'o';
    public static final byte STDERR = 'e';
    public static final byte STDIN_WANTED = 'i';
    public static final byte EXIT = 'x';
    public static final byte REFUSED = 'r';
    public static final byte REPLY = 'y';

    /** Larger frames are a broken or hostile peer, not a command. */
    static final int MAX_PAYLOAD = 16 << 20;

    private Frames() {
    }

    /** One frame as read. */
    public record Frame(byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int integer() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    /** Writes one whole frame; callers that share a stream synchronize on it so frames never interleave. */
    public static void write(OutputStream out, byte type, byte[] payload, int off, int len) throws IOException {
        byte[] head = {type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        out.write(head);
        out.write(payload, off, len);
    }

    public static void write(OutputStream out, byte type, byte[] payload) throws IOException {
        write(out, type, payload, 0, payload.length);
    }

    public static void write(OutputStream out, byte type, String text) throws IOException {
        write(out, type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeInt(OutputStream out, byte type, int value) throws IOException {
        write(out, type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** The next frame, or null at a clean end of stream between frames. */
    public static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int len = in.readInt();
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("frame of " + len + " bytes refused (at most " + MAX_PAYLOAD + ")");
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        if ((type == EXIT || type == STDIN_WANTED) && len != 4) {
            throw new EOFException("frame '" + (char) type + "' carries " + len + " bytes, not 4");
        }
        return new Frame((byte) type, payload);
    }
}
