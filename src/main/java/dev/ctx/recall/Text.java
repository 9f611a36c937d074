package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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

    /** At most {@code max} characters, never splitting a surrogate pair, with a note of how much was cut. */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "… [" + (s.length() - end) + " more chars]";
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
    static String slug(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return out.isEmpty() ? "session" : out;
    }
}
