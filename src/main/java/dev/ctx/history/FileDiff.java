package dev.ctx.history;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.TextMerge;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed in one file, in memory terms: front-matter keys (the description among them) as key
 * changes, the body as a unified diff, and the facts added and removed.
 */
public record FileDiff(
        ChangeStatus status,
        String path,
        String oldPath,
        String descriptionBefore,
        String descriptionAfter,
        List<KeyChange> keyChanges,
        List<String> factsAdded,
        List<String> factsRemoved,
        int linesAdded,
        int linesRemoved,
        String bodyDiff) {

    /** One front-matter key whose value changed; null stands for absent. */
    public record KeyChange(String key, String before, String after) {
    }

    public FileDiff {
        keyChanges = List.copyOf(keyChanges);
        factsAdded = List.copyOf(factsAdded);
        factsRemoved = List.copyOf(factsRemoved);
    }

    public boolean descriptionChanged() {
        return !Objects.equals(descriptionBefore, descriptionAfter) && descriptionBefore != null && descriptionAfter != null;
    }

    /**
     * Compares two versions of a file (null: absent). Markdown text that is not a valid document, and any
     * other file, is diffed as a whole body.
     */
    public static FileDiff of(ChangeStatus status, String oldPath, String path, String before, String after) {
        boolean markdown = path.endsWith(".md");
        Document a = markdown ? parse(before) : plain(before);
        Document b = markdown ? parse(after) : plain(after);
        List<KeyChange> keys = new ArrayList<>();
        Map<String, Object> va = a.frontMatter().values();
        Map<String, Object> vb = b.frontMatter().values();
        Set<String> all = new LinkedHashSet<>(va.keySet());
        all.addAll(vb.keySet());
        for (String k : all) {
            Object x = va.get(k);
            Object y = vb.get(k);
            if (!Objects.equals(x, y)) {
                keys.add(new KeyChange(k, x == null ? null : String.valueOf(x), y == null ? null : String.valueOf(y)));
            }
        }
        List<String> fa = markdown ? Facts.of(a.body()) : List.of();
        List<String> fb = markdown ? Facts.of(b.body()) : List.of();
        String diff = TextMerge.unified(a.body(), b.body(), 3);
        int added = 0;
        int removed = 0;
        for (String line : diff.split("\n")) {
            if (line.startsWith("+")) {
                added++;
            } else if (line.startsWith("-")) {
                removed++;
            }
        }
        return new FileDiff(status, path, status == ChangeStatus.RENAMED ? oldPath : null, before == null ? null : a.description(),
                after == null ? null : b.description(), keys, Facts.minus(fb, fa), Facts.minus(fa, fb), added, removed, diff);
    }

    /** Files other than markdown (ctx.yaml, scripts) have no front-matter or facts: their whole text is diffed. */
    private static Document plain(String text) {
        return new Document(dev.ctx.format.FrontMatter.empty(), text == null ? "" : text, false);
    }

    private static Document parse(String text) {
        if (text == null) {
            return new Document(dev.ctx.format.FrontMatter.empty(), "", false);
        }
        try {
            return Document.parse(text);
        } catch (FormatException e) {
            return new Document(dev.ctx.format.FrontMatter.empty(), text, false);
        }
    }
}
