package dev.ctx.sync;

import java.util.ArrayList;
import java.util.List;

/** Lines with their newlines kept, so text splits and joins back byte for byte. */
final class Lines {
    private Lines() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(pos, end));
            pos = end;
        }
        return out;
    }

    /** Joins lines, giving a newline to any line but the last that lacks one (a moved last line). */
    static void append(StringBuilder sb, List<String> lines) {
        for (String l : lines) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
            sb.append(l);
        }
    }

    /** The line without its line ending, for comparing facts. */
    static String content(String line) {
        String s = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String withNewline(String line) {
        return line.endsWith("\n") ? line : line + "\n";
    }
}
