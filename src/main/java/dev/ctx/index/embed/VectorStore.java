package dev.ctx.index.embed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * Vectors of one model on disk: one append-only file per two-hex-character prefix of the key, each a
 * run of records {@code key(32) dims(4) floats(4*dims) crc32(4)}, big-endian. Writers append under an
 * exclusive file lock and first cut off a torn tail left by a crashed writer; readers take no lock and
 * stop at the first incomplete or damaged record, so a concurrent append is simply not seen yet.
 */
final class VectorStore {
    static final int KEY_BYTES = 32;
    private static final int MAX_DIMS = 1 << 14;
    /**
     * FileLock is held per process: a second channel of the same JVM asking for it throws instead of
     * waiting. Writers in one JVM therefore queue on this monitor per file first.
     */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;

    VectorStore(Path dir) {
        this.dir = dir;
    }

    /** The folder of a model: named by a hash of its id (ids contain ':' and '/'), id written beside. */
    static Path folderFor(Path cacheRoot, String modelId) {
        return cacheRoot.resolve(HexFormat.of().formatHex(sha256(modelId)).substring(0, 16));
    }

    Path dir() {
        return dir;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String prefix(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 1);
    }

    /** All readable vectors of one prefix file, by hex key; empty when the file does not exist yet. */
    Map<String, float[]> read(String prefix) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(prefix));
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        }
        Map<String, float[]> out = new HashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (true) {
            int start = buf.position();
            float[] v = next(buf);
            if (v == null) {
                break;
            }
            out.put(HexFormat.of().formatHex(bytes, start, start + KEY_BYTES), v);
        }
        return out;
    }

    /** Appends records to one prefix file; keys are 32-byte digests whose first byte is {@code prefix}. */
    @SuppressWarnings("try") // the lock is held by being open
    void append(String prefix, Map<byte[], float[]> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        Path file = file(prefix);
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath(), p -> new Object())) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                long valid = validLength(ch);
                if (valid < ch.size()) {
                    ch.truncate(valid);
                }
                ch.position(valid);
                for (Map.Entry<byte[], float[]> r : records.entrySet()) {
                    ByteBuffer b = encode(r.getKey(), r.getValue());
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
        }
    }

    private Path file(String prefix) {
        return dir.resolve(prefix + ".vec");
    }

    private static long validLength(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        ch.position(0);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // read until full or end of file
        }
        buf.flip();
        while (next(buf) != null) {
            // skip over intact records
        }
        return buf.position();
    }

    /** Reads one record at the buffer's position; on a torn or damaged record returns null, position unchanged. */
    private static float[] next(ByteBuffer buf) {
        int start = buf.position();
        if (buf.remaining() < KEY_BYTES + 4) {
            return null;
        }
        int dims = buf.getInt(start + KEY_BYTES);
        int length = KEY_BYTES + 4 + 4 * dims + 4;
        if (dims <= 0 || dims > MAX_DIMS || buf.remaining() < length) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), buf.arrayOffset() + start, length - 4);
        if ((int) crc.getValue() != buf.getInt(start + length - 4)) {
            return null;
        }
        float[] v = new float[dims];
        buf.position(start + KEY_BYTES + 4);
        buf.asFloatBuffer().get(v);
        buf.position(start + length);
        return v;
    }

    private static ByteBuffer encode(byte[] key, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(KEY_BYTES + 4 + 4 * v.length + 4);
        b.put(key, 0, KEY_BYTES).putInt(v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }
}
