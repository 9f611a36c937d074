package dev.ctx.index.lucene;

import dev.ctx.index.Chunk;
import dev.ctx.model.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What of a chunk goes where: the BM25 body (heading trail, the date for recall turns, the text), the
 * neighbour field (the description and the chunks before and after in the same file), and the texts
 * embedded for the dense side (the chunk, and the chunk in its window).
 */
final class ChunkText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ChunkText() {
    }

    /** Recall turns are asked about by date ("what did we decide in May?"): their date is part of their text. */
    static String datePrefix(Chunk c) {
        return c.kind() == Kind.RECALL && c.date() != null ? day(c.date()) + ": " : "";
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    static String body(Chunk c) {
        String trail = c.trail();
        return (trail.isEmpty() ? "" : trail + "\n") + datePrefix(c) + c.text();
    }

    static String neighbours(List<Chunk> file, int i) {
        StringBuilder sb = new StringBuilder(file.get(i).description());
        if (i > 0) {
            sb.append('\n').append(file.get(i - 1).text());
        }
        if (i + 1 < file.size()) {
            sb.append('\n').append(file.get(i + 1).text());
        }
        return sb.toString();
    }

    static String passage(Chunk c) {
        String trail = c.trail();
        return (trail.isEmpty() ? "" : trail + ": ") + datePrefix(c) + c.text();
    }

    static String window(List<Chunk> file, int i) {
        Chunk c = file.get(i);
        StringBuilder sb = new StringBuilder(datePrefix(c));
        if (i > 0) {
            sb.append(file.get(i - 1).text()).append('\n');
        }
        sb.append(c.text());
        if (i + 1 < file.size()) {
            sb.append('\n').append(file.get(i + 1).text());
        }
        return sb.toString();
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
