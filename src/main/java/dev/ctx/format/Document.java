package dev.ctx.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A markdown file with optional YAML front-matter: the unit ctx reads and writes. Parsing is strict
 * about structure (a clear {@link FormatException} with a line number) and lenient about content
 * (unknown keys are kept, and judged later by the validator).
 */
public record Document(FrontMatter frontMatter, String body, boolean hasFrontMatter) {

    public static final String DELIMITER = "---";

    public Document {
        if (frontMatter == null || body == null) {
            throw new IllegalArgumentException("front-matter and body are required");
        }
    }

    /** A new memory file with just a description. */
    public static Document memory(String description, String body) {
        return new Document(FrontMatter.empty().with("description", description), body, true);
    }

    public static Document parse(String text) throws FormatException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!firstLineIsDelimiter(text)) {
            return new Document(FrontMatter.empty(), text, false);
        }
        int start = text.indexOf('\n') + 1;
        int end = -1;
        int pos = start;
        int lineNo = 2;
        int closingLine = -1;
        while (pos <= text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = stripCr(nl < 0 ? text.substring(pos) : text.substring(pos, nl));
            if (line.equals(DELIMITER) || line.equals("...")) {
                end = pos;
                closingLine = lineNo;
                pos = nl < 0 ? text.length() : nl + 1;
                break;
            }
            if (nl < 0) {
                break;
            }
            pos = nl + 1;
            lineNo++;
        }
        if (end < 0) {
            throw new FormatException(1, "front-matter", "front-matter opened with '---' on line 1 is never closed; add a '---' line after it");
        }
        String yaml = text.substring(start, end).replace("\r\n", "\n");
        if (yaml.codePointCount(0, yaml.length()) > SafeYaml.MAX_CODE_POINTS) {
            throw new FormatException(2, "front-matter-size", "front-matter is larger than " + SafeYaml.MAX_CODE_POINTS + " characters; keep it to a few keys");
        }
        String body = text.substring(pos);
        return new Document(parseFrontMatter(yaml, closingLine), body, true);
    }

    private static boolean firstLineIsDelimiter(String text) {
        int nl = text.indexOf('\n');
        return nl >= 0 && stripCr(text.substring(0, nl)).equals(DELIMITER);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static FrontMatter parseFrontMatter(String yaml, int closingLine) throws FormatException {
        Object loaded;
        try {
            loaded = SafeYaml.strings().load(yaml);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 2 : 2;
            throw new FormatException(line, "front-matter-yaml", "invalid YAML in front-matter: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new FormatException(2, "front-matter-yaml", "front-matter refused: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new FormatException(2, "front-matter-yaml", "front-matter is nested too deeply");
        }
        if (loaded == null) {
            return FrontMatter.empty();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new FormatException(2, "front-matter-yaml", "front-matter must be a mapping of keys to values, not a " + describe(loaded));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new FormatException(2, "front-matter-yaml", "front-matter key '" + e.getKey() + "' is not text");
            }
            values.put(k, e.getValue());
        }
        return new FrontMatter(splitEntries(yaml, values), values);
    }

    /**
     * Cuts the YAML text into one chunk per top-level key. A chunk starts at a line that begins a key
     * at column 0; comments and blank lines belong to the key after them.
     */
    private static List<FrontMatter.Entry> splitEntries(String yaml, Map<String, Object> values) throws FormatException {
        List<FrontMatter.Entry> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(values.keySet());
        String[] lines = yaml.split("\n", -1);
        StringBuilder pending = new StringBuilder();
        String currentKey = null;
        StringBuilder current = new StringBuilder();
        int k = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == lines.length - 1 && line.isEmpty()) {
                break;
            }
            boolean startsKey = !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '#'
                    && line.charAt(0) != '-' && k < keys.size() && startsWithKey(line, keys.get(k));
            if (startsKey) {
                if (currentKey != null) {
                    out.add(new FrontMatter.Entry(currentKey, current.toString()));
                }
                currentKey = keys.get(k++);
                current = new StringBuilder(pending).append(line).append('\n');
                pending.setLength(0);
            } else if (currentKey != null && !line.startsWith("#") && !line.isBlank()) {
                current.append(pending).append(line).append('\n');
                pending.setLength(0);
            } else {
                pending.append(line).append('\n');
            }
        }
        if (currentKey != null) {
            out.add(new FrontMatter.Entry(currentKey, current.append(pending).toString()));
        }
        if (k != keys.size()) {
            // Flow-style or otherwise unusual top-level mapping: fall back to re-rendering each key.
            out.clear();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                out.add(new FrontMatter.Entry(e.getKey(), FrontMatter.render(e.getKey(), e.getValue())));
            }
        }
        return out;
    }

    private static boolean startsWithKey(String line, String key) {
        return line.startsWith(key + ":") || line.startsWith("\"" + key + "\":") || line.startsWith("'" + key + "':")
                || line.startsWith(key + " :") || line.startsWith("? " + key);
    }

    private static String describe(Object o) {
        return o instanceof List ? "list" : o instanceof String ? "plain text" : o.getClass().getSimpleName();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    public String description() {
        return frontMatter.string("description");
    }

    public boolean readOnly() {
        return "true".equalsIgnoreCase(frontMatter.string("read_only"));
    }

    /** The per-file body limit in characters, or null when the file does not set one. */
    public Integer limit() {
        String s = frontMatter.string("limit");
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Document withBody(String newBody) {
        return new Document(frontMatter, newBody, hasFrontMatter);
    }

    public Document withFrontMatter(FrontMatter fm) {
        return new Document(fm, body, true);
    }

    /** Number of lines the front-matter block occupies, delimiters included (0 without one). */
    public int headerLines() {
        if (!hasFrontMatter) {
            return 0;
        }
        String t = frontMatter.text();
        int n = 0;
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '\n') {
                n++;
            }
        }
        return n + 2;
    }

    public String render() {
        if (!hasFrontMatter && frontMatter.entries().isEmpty()) {
            return body;
        }
        return DELIMITER + "\n" + frontMatter.text() + DELIMITER + "\n" + body;
    }
}
