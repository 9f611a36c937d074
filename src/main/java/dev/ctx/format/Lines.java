package dev.ctx.format;

/** Line arithmetic shared by the rules: every finding points at a 1-based line of the file as written. */
final class Lines {
    private Lines() {
    }

    /** The 1-based line holding the character at {@code offset}. */
    static int at(String text, int offset) {
        int line = 1;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The 1-based line on which the body starts (the line after the closing '---'; 1 without front-matter). */
    static int bodyStart(String text, Document doc) {
        return at(text, Math.max(0, text.length() - doc.body().length()));
    }

    /**
     * The 1-based line of a top-level front-matter key, kept inside the front-matter block (flow-style
     * front-matter is re-rendered by the parser, so its entry lines may not match the file).
     */
    static int ofKey(String text, Document doc, String key) {
        int l = doc.frontMatter().lineOf(key);
        if (l < 0) {
            return 1;
        }
        int closing = bodyStart(text, doc) - 1;
        return Math.max(2, Math.min(l + 2, closing - 1));
    }

    /** Characters as people count them: Unicode code points. */
    static int chars(String s) {
        return s.codePointCount(0, s.length());
    }
}
