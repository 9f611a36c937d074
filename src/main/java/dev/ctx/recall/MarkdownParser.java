package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation written as markdown, one transcript per file. Turns start at a heading naming a speaker
 * ({@code ## User}, {@code ### Assistant (10:32)}) or a bold prefix ({@code **User:** text}); headings inside
 * code fences do not count. A file with no speaker markers is one user turn. Optional front-matter may give
 * {@code title}, {@code session} and {@code date}/{@code started}.
 */
final class MarkdownParser {
    private static final String SPEAKERS = "user|human|you|me|assistant|ai|claude|codex|letta|agent|model|bot|system|tool";
    private static final Pattern HEADING = Pattern.compile(
            "^ {0,3}#{1,6}\\s+\\**(" + SPEAKERS + ")\\**\\s*(?:[:(\\[·—–-].*)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOLD = Pattern.compile(
            "^\\*\\*(" + SPEAKERS + ")(?::\\*\\*|\\*\\*:)\\s?(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("^#\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    /**
     * A file without {@code session:} is its own session, named after the file and how it opens: its title and
     * first turn (with the file's name, enough to tell two conversations apart; later turns are left out so
     * that an edit of one keeps the ids of the others). The same source ingested again, from another folder, another clone or another machine,
     * is the same session (its new turns appended, nothing else written); two projects' AGENTS.md never merge.
     * Turns appended to the source keep its name; editing its first turn makes it a new session.
     */
    static String fileSession(Path file, String title, List<String[]> turns) {
        StringBuilder content = new StringBuilder(title == null ? "" : title).append('\n');
        turns.stream().limit(1).forEach(t -> content.append(t[0]).append('\n').append(t[1]).append('\n'));
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Text.slug(Text.stem(file)) + "-" + java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    ParseResult parse(Path file, String content) {
        String text = content.replace("\r\n", "\n");
        Map<String, String> meta = new HashMap<>();
        text = frontMatter(text, meta);
        List<String[]> raw = new ArrayList<>(); // {role, text}
        StringBuilder current = new StringBuilder();
        String role = null;
        String title = meta.get("title");
        String fence = null;
        for (String line : text.split("\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (f.find()) {
                String mark = f.group(1);
                if (fence == null) {
                    fence = mark;
                } else if (mark.charAt(0) == fence.charAt(0) && mark.length() >= fence.length() && line.strip().equals(mark)) {
                    fence = null;
                }
            }
            Matcher h = fence == null ? HEADING.matcher(line) : null;
            Matcher b = fence == null ? BOLD.matcher(line) : null;
            if (h != null && h.matches()) {
                flush(raw, role, current);
                role = role(h.group(1));
            } else if (b != null && b.matches()) {
                flush(raw, role, current);
                role = role(b.group(1));
                current.append(b.group(2)).append('\n');
            } else if (role == null && title == null && TITLE.matcher(line).matches() && current.toString().isBlank()) {
                Matcher t = TITLE.matcher(line);
                title = t.matches() ? t.group(1) : null;
            } else {
                current.append(line).append('\n');
            }
        }
        flush(raw, role, current);

        String sessionId = meta.containsKey("session") ? Text.slug(meta.get("session")) : fileSession(file, title, raw);
        TurnIds ids = new TurnIds(sessionId);
        List<Turn> turns = new ArrayList<>();
        for (String[] r : raw) {
            turns.add(new Turn(ids.hashed(null, r[0], r[1]), r[0], null, r[1]));
        }
        Instant started = date(meta.containsKey("started") ? meta.get("started") : meta.get("date"));
        return new ParseResult(TranscriptFormat.MARKDOWN, List.of(new Transcript("markdown", sessionId, title, started, meta.get("cwd"), turns)), 0);
    }

    /** Text before the first speaker belongs to nobody in particular; it is kept, as what the user wrote down. */
    private static void flush(List<String[]> out, String role, StringBuilder text) {
        String t = text.toString().strip();
        text.setLength(0);
        if (!t.isEmpty()) {
            out.add(new String[] {role == null ? "user" : role, t});
        }
    }

    private static String role(String speaker) {
        return switch (speaker.toLowerCase(Locale.ROOT)) {
            case "user", "human", "you", "me" -> "user";
            case "system" -> "system";
            case "tool" -> "tool";
            default -> "assistant";
        };
    }

    private static String frontMatter(String text, Map<String, String> meta) {
        if (!text.startsWith("---\n")) {
            return text;
        }
        int end = text.indexOf("\n---\n", 3);
        if (end < 0) {
            return text;
        }
        for (String line : text.substring(4, end).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ")) {
                String v = line.substring(colon + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                meta.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), v);
            }
        }
        return text.substring(end + 5);
    }

    private static Instant date(String s) {
        Instant i = Text.instant(s);
        if (i != null || s == null) {
            return i;
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
