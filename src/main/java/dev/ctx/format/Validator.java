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

    /** Bytes-level rules first (interim version; the full rule set lands with the format work). */
    public List<Finding> checkBytes(RepoPath path, byte[] content) {
        List<Finding> out = new ArrayList<>();
        if (content.length > config.maxFileBytes()) {
            out.add(Finding.error(path.value(), 0, "file-size", "file is " + content.length + " bytes, over limits.max_file_bytes " + config.maxFileBytes()));
            return out;
        }
        for (byte b : content) {
            if (b == 0) {
                out.add(Finding.error(path.value(), 0, "binary", "file contains NUL bytes; ctx stores text only"));
                return out;
            }
        }
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
            out.addAll(checkFile(path, text));
        } catch (java.nio.charset.CharacterCodingException e) {
            out.add(Finding.error(path.value(), 0, "utf-8", "file is not valid UTF-8"));
        }
        return out;
    }

    /** Whole-repository rules (interim version). */
    public List<Finding> checkRepository(java.util.Map<RepoPath, byte[]> files) {
        List<Finding> out = new ArrayList<>();
        java.util.Map<RepoPath, String> system = new java.util.HashMap<>();
        for (java.util.Map.Entry<RepoPath, byte[]> e : files.entrySet()) {
            out.addAll(checkBytes(e.getKey(), e.getValue()));
            if (e.getKey().isSystem()) {
                system.put(e.getKey(), new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        int chars = systemChars(system);
        if (chars > config.systemBudgetChars()) {
            out.add(Finding.error("", 0, "system-budget", "system/ holds " + chars + " characters, over its budget of " + config.systemBudgetChars()));
        }
        return out;
    }

    /** Body characters of the always-loaded context. */
    public static int systemChars(java.util.Map<RepoPath, String> systemFiles) {
        int n = 0;
        for (String t : systemFiles.values()) {
            try {
                n += Document.parse(t).body().length();
            } catch (FormatException e) {
                n += t.length();
            }
        }
        return n;
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
