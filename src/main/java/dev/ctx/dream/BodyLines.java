package dev.ctx.dream;

import dev.ctx.history.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A memory body cut into lines, each marked whether it is a fact a pass may move or remove on its own: a
 * list item or a plain line, outside code fences, not a heading, rule or table row, and with no indented
 * continuation below it (taking such a line alone would orphan its continuation).
 */
final class BodyLines {
    private static final Pattern ITEM = Pattern.compile("^(?:[-*+]|\\d+[.)])\\s+\\S.*");

    record Line(String text, boolean fact, boolean item, boolean heading) {
        /** The fact as the no-fact-lost check counts it. */
        String normalized() {
            return Facts.normalize(text.strip());
        }
    }

    private BodyLines() {
    }

    static List<Line> of(String body) {
        String[] raw = body.split("\n", -1);
        List<Line> out = new ArrayList<>();
        boolean fence = false;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i];
            String s = line.strip();
            if (s.startsWith("```") || s.startsWith("~~~")) {
                fence = !fence;
                out.add(new Line(line, false, false, false));
                continue;
            }
            boolean heading = !fence && s.startsWith("#");
            boolean structural = fence || s.isEmpty() || heading || s.startsWith("|") || s.matches("[-*_=\\s|:]{3,}");
            boolean continued = i + 1 < raw.length && !raw[i + 1].isBlank() && Character.isWhitespace(raw[i + 1].charAt(0));
            boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
            boolean fact = !structural && !continued && !indented && !Facts.normalize(s).isEmpty();
            out.add(new Line(line, fact, fact && ITEM.matcher(s).matches(), heading));
        }
        return out;
    }

    static String join(List<Line> lines) {
        List<String> t = new ArrayList<>();
        for (Line l : lines) {
            t.add(l.text());
        }
        return String.join("\n", t);
    }

    /** Collapses the blank lines a removal leaves behind (at most one in a row, none at the start). */
    static String tidy(String body) {
        return body.replaceAll("\n{3,}", "\n\n").replaceFirst("^\n+", "");
    }
}
