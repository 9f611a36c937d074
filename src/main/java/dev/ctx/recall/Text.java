package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.format.SecretScanner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Small text and JSON helpers shared by the parsers. */
final class Text {
    /** Longest one-line summary of a tool call's input. */
    static final int TOOL_INPUT_LIMIT = 200;
    /** Longest tool result kept. */
    static final int TOOL_OUTPUT_LIMIT = 500;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Text() {
    }

    private static final SecretScanner SECRETS = new SecretScanner();

    /**
     * At most {@code max} characters, never splitting a surrogate pair, with a note of how much was cut.
     * Secrets are redacted before the cut: a token cut in half no longer matches its pattern, and its
     * surviving part would reach the file.
     */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        s = SECRETS.redact(s);
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "… [" + (s.length() - end) + " more chars]";
    }

    /**
     * An identifier (a session id) that becomes a file name and front-matter: a secret in it is replaced by
     * its kind plus a short digest, so two such sessions still get distinct files and the secret none.
     */
    static String redactIdentifier(String id) {
        String r = SECRETS.redact(id);
        if (r.equals(id)) {
            return id;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return r.replace("[REDACTED:", "redacted-").replace("]", "") + "-" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whitespace runs collapsed to one space, then truncated. */
    static String oneLine(String s, int max) {
        if (s == null) {
            return null;
        }
        return truncate(SPACES.matcher(s).replaceAll(" ").trim(), max);
    }

    static String stripAnsi(String s) {
        return ANSI.matcher(s).replaceAll("");
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The field as text, or null when missing, null or not a scalar. */
    static String str(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** An ISO-8601 instant; a time without zone (old Letta exports) is read as UTC; anything else is null. */
    static Instant instant(String s) {
        if (isBlank(s)) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** The file name without its last extension. */
    static String stem(java.nio.file.Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A session id segment made safe for a path: other characters become '-'. */
    /**
     * A file name from a session id that meets the path rules (docs/format.md): safe characters, no
     * leading or trailing dot, at most 100 characters, never a Windows device name.
     */
    static String slug(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (out.length() > 100) {
            out = out.substring(0, 100);
        }
        out = out.replaceAll("[-.]+$", "");
        if (out.isEmpty()) {
            return "session";
        }
        String stem = (out.contains(".") ? out.substring(0, out.indexOf('.')) : out).toUpperCase(java.util.Locale.ROOT);
        return stem.matches("CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9]") ? "session-" + out : out;
    }
}
