package dev.ctx.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a markdown body into search-sized sections: one per heading (ATX {@code #..######}) with the
 * trail of headings above it, never splitting a fenced code block, and splitting a section longer than
 * the cap at paragraph boundaries (a lone paragraph still too long at line, then word, boundaries).
 * A code fence is never cut, even when it alone exceeds the cap: half a code block answers nothing.
 */
public final class MarkdownChunks {
    /** About 450 tokens: under the 512-token window of the small embedding models, with room for the trail. */
    public static final int DEFAULT_MAX_CHARS = 1800;

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern ATTRIBUTES = Pattern.compile("\\s*\\{#[^}]*}\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

    /** One section: its heading trail (outermost first; empty before the first heading), text and first line (1-based). */
    public record Section(List<String> headings, String text, int line) {
        public Section {
            headings = List.copyOf(headings);
        }

        /** The trail joined for display: {@code Setup > Build > Maven}. */
        public String trail() {
            return String.join(" > ", headings);
        }
    }

    private MarkdownChunks() {
    }

    public static List<Section> split(String body) {
        return split(body, DEFAULT_MAX_CHARS);
    }

    public static List<Section> split(String body, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        String[] lines = body.replace("\r\n", "\n").split("\n", -1);
        List<Section> out = new ArrayList<>();
        List<String> trail = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        int paraLine = 0;
        String fence = null;
        StringBuilder fenceText = null;
        int fenceLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (fence != null) {
                fenceText.append('\n').append(line);
                if (closesFence(line, fence)) {
                    blocks.add(new Block(fenceText.toString(), fenceLine, true));
                    fence = null;
                }
                continue;
            }
            Matcher f = FENCE.matcher(line);
            if (f.matches() && !(f.group(1).charAt(0) == '`' && f.group(2).contains("`"))) {
                paraLine = flushPara(blocks, para, paraLine);
                fence = f.group(1);
                fenceText = new StringBuilder(line);
                fenceLine = lineNo;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                paraLine = flushPara(blocks, para, paraLine);
                emit(out, trail, blocks, maxChars);
                int level = h.group(1).length();
                while (trail.size() >= level) {
                    trail.remove(trail.size() - 1);
                }
                while (trail.size() < level - 1) {
                    trail.add("");
                }
                // Heading attributes such as recall's turn anchors ({#t-<id>}) are markup, not words of the trail.
                trail.add(h.group(2) == null ? "" : ATTRIBUTES.matcher(h.group(2)).replaceAll("").trim());
                continue;
            }
            if (line.isBlank()) {
                paraLine = flushPara(blocks, para, paraLine);
            } else {
                if (para.length() == 0) {
                    paraLine = lineNo;
                } else {
                    para.append('\n');
                }
                para.append(line);
            }
        }
        if (fence != null) {
            // An unclosed fence runs to the end of the document, as CommonMark reads it.
            blocks.add(new Block(fenceText.toString(), fenceLine, true));
        }
        flushPara(blocks, para, paraLine);
        emit(out, trail, blocks, maxChars);
        return out;
    }

    private record Block(String text, int line, boolean code) {
    }

    private static boolean closesFence(String line, String fence) {
        String t = line.strip();
        if (t.isEmpty() || t.charAt(0) != fence.charAt(0) || t.length() < fence.length()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != fence.charAt(0)) {
                return false;
            }
        }
        return line.length() - line.stripLeading().length() <= 3;
    }

    private static int flushPara(List<Block> blocks, StringBuilder para, int line) {
        if (para.length() > 0) {
            blocks.add(new Block(para.toString(), line, false));
            para.setLength(0);
        }
        return 0;
    }

    /** Packs the section's blocks into parts under the cap; a blank section (heading only) yields nothing. */
    private static void emit(List<Section> out, List<String> trail, List<Block> blocks, int maxChars) {
        List<String> headings = trail.stream().filter(s -> !s.isEmpty()).toList();
        StringBuilder part = new StringBuilder();
        int partLine = 0;
        for (Block b : blocks) {
            for (Block piece : b.code() || b.text().length() <= maxChars ? List.of(b) : cut(b, maxChars)) {
                if (part.length() > 0 && part.length() + 2 + piece.text().length() > maxChars) {
                    out.add(new Section(headings, part.toString(), partLine));
                    part.setLength(0);
                }
                if (part.length() == 0) {
                    partLine = piece.line();
                } else {
                    part.append("\n\n");
                }
                part.append(piece.text());
            }
        }
        if (part.length() > 0) {
            out.add(new Section(headings, part.toString(), partLine));
        }
        blocks.clear();
    }

    /** Splits one over-long paragraph at line boundaries, and a single over-long line at spaces. */
    private static List<Block> cut(Block b, int maxChars) {
        List<Block> pieces = new ArrayList<>();
        String[] lines = b.text().split("\n");
        StringBuilder cur = new StringBuilder();
        int curLine = b.line();
        for (int i = 0; i < lines.length; i++) {
            for (String seg : cutLine(lines[i], maxChars)) {
                if (cur.length() > 0 && cur.length() + 1 + seg.length() > maxChars) {
                    pieces.add(new Block(cur.toString(), curLine, false));
                    cur.setLength(0);
                }
                if (cur.length() == 0) {
                    curLine = b.line() + i;
                } else {
                    cur.append('\n');
                }
                cur.append(seg);
            }
        }
        if (cur.length() > 0) {
            pieces.add(new Block(cur.toString(), curLine, false));
        }
        return pieces;
    }

    private static List<String> cutLine(String line, int maxChars) {
        List<String> segs = new ArrayList<>();
        String rest = line;
        while (rest.length() > maxChars) {
            int at = rest.lastIndexOf(' ', maxChars);
            if (at <= 0) {
                at = maxChars;
            }
            segs.add(rest.substring(0, at));
            rest = rest.substring(at).stripLeading();
        }
        if (!rest.isEmpty()) {
            segs.add(rest);
        }
        return segs;
    }
}
