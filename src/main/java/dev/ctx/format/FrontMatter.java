package dev.ctx.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML front-matter of a memory or skill file, kept as the original text of each top-level key (so
 * unknown keys, comments and quoting survive every rewrite, in their order) plus the parsed values.
 * Immutable: {@link #with} returns a copy with one key replaced or appended.
 */
public final class FrontMatter {
    /** One top-level key and the exact YAML lines that define it (comments just before it included). */
    public record Entry(String key, String raw) {
    }

    private final List<Entry> entries;
    private final Map<String, Object> values;

    FrontMatter(List<Entry> entries, Map<String, Object> values) {
        this.entries = List.copyOf(entries);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static FrontMatter empty() {
        return new FrontMatter(List.of(), Map.of());
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Parsed values; plain scalars are strings exactly as written, lists and maps as SnakeYAML builds them. */
    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object get(String key) {
        return values.get(key);
    }

    /** The value as text, or null when absent or not a scalar. */
    public String string(String key) {
        Object v = values.get(key);
        return v instanceof String s ? s : null;
    }

    /** Line (0-based, within the front-matter block) at which the key's definition starts. */
    public int lineOf(String key) {
        int line = 0;
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                String[] lines = e.raw().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].startsWith(key + ":") || lines[i].startsWith("\"" + key + "\"") || lines[i].startsWith("'" + key + "'")) {
                        return line + i;
                    }
                }
                return line;
            }
            line += e.raw().split("\n", -1).length - 1;
        }
        return -1;
    }

    /** A copy with {@code key} set to {@code value} (replacing its definition in place, or appended). */
    public FrontMatter with(String key, Object value) {
        String raw = render(key, value);
        List<Entry> copy = new ArrayList<>(entries);
        boolean replaced = false;
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).key().equals(key)) {
                copy.set(i, new Entry(key, leadingComments(copy.get(i).raw()) + raw));
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            int at = key.equals("description") ? insertionPointForDescription(copy) : copy.size();
            copy.add(at, new Entry(key, raw));
        }
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(key, value instanceof Number || value instanceof Boolean ? String.valueOf(value) : value);
        return new FrontMatter(copy, v);
    }

    /**
     * A copy with the keys of {@code first} leading, in that order, and every other key after them in its own
     * order; each entry keeps its exact text (comments, quoting), so only the order changes.
     */
    public FrontMatter reordered(List<String> first) {
        List<Entry> copy = new ArrayList<>();
        for (String k : first) {
            entries.stream().filter(e -> e.key().equals(k)).forEach(copy::add);
        }
        entries.stream().filter(e -> !first.contains(e.key())).forEach(copy::add);
        return new FrontMatter(copy, values);
    }

    /** A copy without {@code key}. */
    public FrontMatter without(String key) {
        List<Entry> copy = new ArrayList<>(entries);
        copy.removeIf(e -> e.key().equals(key));
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.remove(key);
        return new FrontMatter(copy, v);
    }

    /** The block between the '---' lines, each entry ending in a newline. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.raw());
        }
        return sb.toString();
    }

    private static int insertionPointForDescription(List<Entry> entries) {
        // Skills put name first; everything else leads with description.
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).key().equals("name")) {
                return i;
            }
        }
        return entries.size();
    }

    private static String leadingComments(String raw) {
        StringBuilder sb = new StringBuilder();
        for (String line : raw.split("\n", -1)) {
            if (line.startsWith("#") || line.isBlank()) {
                if (!line.isEmpty()) {
                    sb.append(line).append('\n');
                }
            } else {
                break;
            }
        }
        return sb.toString();
    }

    static String render(String key, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(key, value);
        String s = SafeYaml.dumper().dump(one);
        return s.endsWith("\n") ? s : s + "\n";
    }
}
