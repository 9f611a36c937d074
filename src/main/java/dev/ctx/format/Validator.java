package dev.ctx.format;

import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of the format (docs/format.md), as pure functions over file text. The store runs it on
 * each file a write produces; {@code ctx validate} and the pre-commit hook run it on the repository.
 */
public final class Validator {
    private final CtxConfig config;

    public Validator(CtxConfig config) {
        this.config = config;
    }

    public CtxConfig config() {
        return config;
    }

    /** Rules of one file, judged alone. */
    public List<Finding> checkFile(RepoPath path, String text) {
        List<Finding> out = new ArrayList<>();
        Kind kind = path.kind();
        if (kind == Kind.OTHER || kind == Kind.RECALL || !path.isMarkdown()) {
            return out;
        }
        Document doc;
        try {
            doc = Document.parse(text);
        } catch (FormatException e) {
            out.add(Finding.error(path.value(), e.line(), e.rule(), e.getMessage()));
            return out;
        }
        String d = doc.description();
        if (d == null || d.isBlank()) {
            out.add(Finding.error(path.value(), 1, "description-required", "a description is required in the front-matter"));
        }
        int limit = config.limitFor(path, doc.limit());
        if (doc.body().length() > limit) {
            out.add(Finding.error(path.value(), doc.headerLines() + 1, "limit",
                    "body is " + doc.body().length() + " characters, over its limit of " + limit));
        }
        return out;
    }
}
