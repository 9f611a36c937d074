package dev.ctx.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an instructions file into blocks at its headings: at the shallowest level that occurs more than once
 * (so one title over several sections splits at the sections), never inside a fenced code block. A block
 * longer than {@code limit} is cut again at its own subheadings; one that no heading cuts keeps its size.
 */
final class Sections {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    /** One block: its heading trail (empty before any heading), its text (heading line included), whether it is the title's intro. */
    record Section(List<String> trail, String text, boolean title) {
        Section {
            trail = List.copyOf(trail);
        }
    }

    private record Line(String text, int level, String heading) {
    }

    /** A heading with no text of its own (a section whose subsections follow): it opens the next block, never lost. */
    private final StringBuilder carry = new StringBuilder();
    private int carryLevel;

    private Sections() {
    }

    static List<Section> split(String body, int limit) {
        List<Line> lines = lines(body);
        List<Section> out = new ArrayList<>();
        Sections s = new Sections();
        // A heading left over at the end has nothing under it (its text was an @import, now blocks of their own).
        s.cut(lines, 0, List.of(), limit, out);
        return out;
    }

    private static List<Line> lines(String body) {
        List<Line> out = new ArrayList<>();
        String fence = null;
        for (String l : body.replace("\r\n", "\n").split("\n", -1)) {
            Matcher f = FENCE.matcher(l);
            if (fence != null) {
                if (f.find() && l.strip().startsWith(fence)) {
                    fence = null;
                }
                out.add(new Line(l, 0, null));
                continue;
            }
            if (f.find()) {
                fence = f.group(1).substring(0, 3);
                out.add(new Line(l, 0, null));
                continue;
            }
            Matcher h = HEADING.matcher(l);
            out.add(h.matches() ? new Line(l, h.group(1).length(), h.group(2).strip()) : new Line(l, 0, null));
        }
        return out;
    }

    /** Splits {@code lines} (headings deeper than {@code above} only) and adds its blocks to {@code out}. */
    private void cut(List<Line> lines, int above, List<String> trail, int limit, List<Section> out) {
        int level = splitLevel(lines, above);
        if (level == 0) {
            add(out, trail, lines, above == 0);
            return;
        }
        List<Line> part = new ArrayList<>();
        List<String> partTrail = trail;
        // Text before the first heading, or under a title heading above the split level: the document's intro.
        boolean intro = above == 0;
        for (Line l : lines) {
            if (l.level() > above && l.level() <= level && !part.isEmpty()) {
                flush(part, partTrail, level, limit, out, intro);
                part = new ArrayList<>();
                intro = false;
            }
            if (l.level() > above && l.level() <= level) {
                partTrail = new ArrayList<>(trail);
                partTrail.add(l.heading());
                intro = above == 0 && l.level() < level;
            }
            part.add(l);
        }
        flush(part, partTrail, level, limit, out, intro);
    }

    private void flush(List<Line> part, List<String> trail, int level, int limit, List<Section> out, boolean intro) {
        if (text(part).length() > limit && splitLevel(part.subList(1, part.size()), level) > 0) {
            cut(part, level, trail, limit, out);
        } else {
            add(out, trail, part, intro);
        }
    }

    /** The shallowest heading level below {@code above} that occurs twice, else the one that occurs at all after text; 0: none. */
    private static int splitLevel(List<Line> lines, int above) {
        int[] count = new int[7];
        for (Line l : lines) {
            if (l.level() > above) {
                count[l.level()]++;
            }
        }
        for (int i = above + 1; i <= 6; i++) {
            if (count[i] >= 2) {
                return i;
            }
        }
        for (int i = above + 1; i <= 6; i++) {
            if (count[i] == 1 && lines.get(0).level() != i) {
                return i;
            }
        }
        return 0;
    }

    private void add(List<Section> out, List<String> trail, List<Line> lines, boolean intro) {
        String t = text(lines).strip();
        boolean headingOnly = lines.stream().filter(l -> !l.text().isBlank()).count() <= 1 && lines.stream().anyMatch(l -> l.level() > 0);
        int level = lines.stream().mapToInt(Line::level).filter(l -> l > 0).findFirst().orElse(0);
        if (headingOnly) {
            if (carryLevel >= level) {
                carry.setLength(0); // a heading followed by one of its own level: nothing was under it
            }
            carry.append(t).append("\n\n");
            carryLevel = level;
        } else if (!t.isEmpty()) {
            // A kept heading opens the block only when the block is one of its subsections.
            boolean under = carry.length() > 0 && (level == 0 || carryLevel < level);
            out.add(new Section(trail, (under ? carry : "") + t + "\n", intro));
            carry.setLength(0);
            carryLevel = 0;
        }
    }

    private static String text(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.text()).append('\n');
        }
        return sb.toString();
    }
}
