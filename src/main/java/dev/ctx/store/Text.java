package dev.ctx.store;

import dev.ctx.model.CtxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: ctx refuses binary and mis-encoded content rather than guess and corrupt it. */
public final class Text {
    private Text() {
    }

    public static String decode(byte[] bytes, String what) throws CtxException {
        for (byte b : bytes) {
            if (b == 0) {
                throw CtxException.refused(what + " contains NUL bytes (binary content); ctx stores text only");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CtxException.refused(what + " is not valid UTF-8; convert it (for example with iconv) and retry");
        }
    }

    public static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The first line of {@code s}, shortened to {@code max} characters with an ellipsis. */
    public static String firstLine(String s, int max) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl).strip();
        }
        return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)).strip() + "…";
    }
}
