package dev.ctx.history;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.TextMerge;
import dev.ctx.model.ChangeStatus;
import dev.ctx.model.FileDiff;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Builds {@link FileDiff}s: the value lives in model, the parsing and diffing it needs live here. */
final class FileDiffs {
    private FileDiffs() {
    }

    /**
     * Compares two versions of a file (null: absent). Markdown text that is not a valid document, and any
     * other file, is diffed as a whole body.
     */
    static FileDiff of(ChangeStatus status, String oldPath, String path, String before, String after) {
        boolean markdown = path.endsWith(".md");
        Document a = markdown ? parse(before) : plain(before);
        Document b = markdown ? parse(after) : plain(after);
        List<FileDiff.KeyChange> keys = new ArrayList<>();
        Map<String, Object> va = a.frontMatter().values();
        Map<String, Object> vb = b.frontMatter().values();
        Set<String> all = new LinkedHashSet<>(va.keySet());
        all.addAll(vb.keySet());
        for (String k : all) {
            Object x = va.get(k);
            Object y = vb.get(k);
            if (!Objects.equals(x, y)) {
                keys.add(new FileDiff.KeyChange(k, x == null ? null : String.valueOf(x), y == null ? null : String.valueOf(y)));
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
