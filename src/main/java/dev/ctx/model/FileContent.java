package dev.ctx.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file of a skill folder as bytes and a mode, the way git keeps it: a skill carries scripts (executable) and
 * assets (images, fonts, archives) beside its text, so its files travel as this rather than as text. Equal when the
 * bytes and the mode are; the array is copied in and out, so a value never changes.
 */
public record FileContent(byte[] bytes, boolean executable) {

    public FileContent {
        bytes = bytes.clone();
    }

    public static FileContent text(String text) {
        return new FileContent(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The UTF-8 text, or null when the bytes are binary (a NUL byte, or not UTF-8): such a file is never read as text. */
    public String textOrNull() {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public boolean isBinary() {
        return textOrNull() == null;
    }

    public FileContent withExecutable(boolean exec) {
        return new FileContent(bytes, exec);
    }

    /** SHA-256 of the bytes, hex (the mode is not part of it). */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContent f && f.executable == executable && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + (executable ? 1 : 0);
    }

    @Override
    public String toString() {
        return (executable ? "executable, " : "") + bytes.length + " bytes";
    }
}
