package dev.ctx.recall;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a transcript as one recall markdown file and merges later ingests of the same session into it.
 * Each turn is one {@code ###} section whose heading carries the turn's stable id as {@code {#t-<id>}}, so the
 * search indexer's heading chunks are exactly the turns. Turn text cannot break that: headings, setext
 * underlines and raw HTML block openers inside it are escaped, unclosed code fences are closed, and tool
 * output is fenced. Pure functions.
 */
public final class RecallRenderer {
    /** Longest title kept in {@code description:} and the H1. */
    static final int TITLE_LIMIT = 160;
    private static final Pattern TURN_HEADING = Pattern.compile(
            "^### (user|assistant|tool|system)(?: · [^{}\\n]*)? \\{#t-([A-Za-z0-9._-]{1,80})\\}[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final Pattern BLOCK_START = Pattern.compile(
            "^( {0,3})(#{1,6}(?:[ \\t].*)?|=+[ \\t]*|-+[ \\t]*|<!--.*|<(?i:script|pre|style|textarea)\\b.*)$");
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_./@+-]*");

    private RecallRenderer() {
    }

    /** {@code recall/<source>/<yyyy-mm>/<sessionId>.md}; {@code undated} when the start is unknown. */
    public static String path(Transcript t) {
        String month = t.started() == null ? "undated" : MONTH.format(t.started());
        List<String> segments = new ArrayList<>();
        for (String s : t.sessionId().split("/")) {
            if (!s.isBlank()) {
                segments.add(Text.slug(s));
            }
        }
        return "recall/" + t.source() + "/" + month + "/" + String.join("/", segments) + ".md";
    }

    /** The whole file: front-matter, a title, then one section per turn. Every piece of text goes through the redactor. */
    public static String render(Transcript t, UnaryOperator<String> redactor) {
        String title = title(t, redactor);
        StringBuilder sb = new StringBuilder("---\n");
        String day = t.started() == null ? "undated" : DAY.format(t.started());
        sb.append("description: ").append(yaml(t.source() + " session " + day + ": " + title)).append('\n');
        sb.append("source: ").append(t.source()).append('\n');
        sb.append("session: ").append(yaml(t.sessionId())).append('\n');
        if (t.started() != null) {
            sb.append("started: ").append(t.started()).append('\n');
        }
        if (!Text.isBlank(t.cwd())) {
            sb.append("cwd: ").append(yaml(redactor.apply(t.cwd()))).append('\n');
        }
        sb.append("---\n# ").append(escapeInline(title)).append('\n');
        for (Turn turn : t.turns()) {
            sb.append(section(turn, redactor));
        }
        return sb.toString();
    }

    /**
     * The existing file with the sections of turns it does not hold yet appended; existing bytes are never
     * changed (front-matter and title stay as first written). Returns {@code existing} itself when nothing is new,
     * and a fresh {@link #render} when there is no existing file.
     */
    public static String merge(String existing, Transcript t, UnaryOperator<String> redactor) {
        if (existing == null || existing.isBlank()) {
            return render(t, redactor);
        }
        Set<String> have = turnIds(existing);
        StringBuilder added = new StringBuilder();
        for (Turn turn : t.turns()) {
            if (!have.contains(turn.id())) {
                added.append(section(turn, redactor));
            }
        }
        if (added.length() == 0) {
            return existing;
        }
        return existing + (existing.endsWith("\n") ? "" : "\n") + added;
    }

    /** The ids of the turn sections in a recall file, in order (headings inside code fences are not sections). */
    public static Set<String> turnIds(String markdown) {
        Set<String> ids = new LinkedHashSet<>();
        String fence = null;
        for (String line : markdown.split("\r?\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (f.matches()) {
                fence = fenceAfter(fence, f);
                continue;
            }
            if (fence == null) {
                Matcher h = TURN_HEADING.matcher(line);
                if (h.matches()) {
                    ids.add(h.group(2));
                }
            }
        }
        return ids;
    }

    static String title(Transcript t, UnaryOperator<String> redactor) {
        String raw = !Text.isBlank(t.title()) ? t.title() : t.firstUserPrompt();
        String title = Text.isBlank(raw) ? t.sessionId() : raw;
        String redacted = redactor.apply(title);
        return Text.oneLine(redacted == null ? "" : redacted, TITLE_LIMIT);
    }

    private static String section(Turn turn, UnaryOperator<String> redactor) {
        StringBuilder sb = new StringBuilder("\n### ").append(turn.role());
        if (turn.time() != null) {
            sb.append(" · ").append(turn.time().truncatedTo(ChronoUnit.SECONDS));
        }
        sb.append(" {#t-").append(turn.id()).append("}\n\n");
        String text = redactor.apply(turn.text());
        text = text == null ? "" : text.strip();
        if (turn.role().equals("tool") && turn.answers() != null) {
            // the call this output answers, so "why did the server not start" finds the refusal beside its command
            String call = redactor.apply("result of " + turn.answers());
            sb.append(contained(Text.oneLine(call == null ? "" : call, Text.TOOL_INPUT_LIMIT * 2))).append("\n\n");
        }
        sb.append(turn.role().equals("tool") ? fenced(text) : contained(text)).append('\n');
        return sb.toString();
    }

    /** Tool output is verbatim text, so it goes in a fence longer than any backtick run it holds. */
    static String fenced(String text) {
        int longest = 2;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        String fence = "`".repeat(longest + 1);
        return fence + "text\n" + text + "\n" + fence;
    }

    /**
     * Markdown that cannot leak out of its section: lines that would open a heading, turn a paragraph into a
     * setext heading or start a raw HTML block are escaped, and a fence left open (say by truncation) is closed.
     */
    static String contained(String text) {
        StringBuilder sb = new StringBuilder();
        String fence = null;
        for (String line : text.split("\r?\n", -1)) {
            Matcher f = FENCE.matcher(line);
            if (f.matches()) {
                fence = fenceAfter(fence, f);
            } else if (fence == null) {
                Matcher b = BLOCK_START.matcher(line);
                if (b.matches()) {
                    line = b.group(1) + "\\" + line.substring(b.group(1).length());
                }
            }
            sb.append(line).append('\n');
        }
        if (fence != null) {
            sb.append(fence).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** The open fence after a fence-looking line: opens one, closes the open one, or leaves it open. */
    private static String fenceAfter(String open, Matcher f) {
        String mark = f.group(1);
        if (open == null) {
            return mark.charAt(0) == '`' && f.group(2).contains("`") ? null : mark; // backtick info strings hold no backticks
        }
        boolean closes = mark.charAt(0) == open.charAt(0) && mark.length() >= open.length() && f.group(2).isBlank();
        return closes ? null : open;
    }

    private static String escapeInline(String s) {
        return s.isEmpty() ? "(untitled)" : s;
    }

    /** A YAML scalar on one line: plain when that is unambiguous, otherwise double-quoted. */
    static String yaml(String s) {
        if (PLAIN_YAML.matcher(s).matches() && !s.matches("(?i)true|false|yes|no|on|off|null|~|[-+0-9.].*")) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
