package dev.ctx.format;

import dev.ctx.model.Finding;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every rule of the format (docs/format.md), as pure functions over file content. The store runs it on
 * each file a write produces; {@code ctx validate} and the pre-commit hook run it on the repository.
 * Warnings are errors under {@code --strict}: callers apply {@link Finding#strict()}.
 */
public final class Validator {
    /** Root files that are not memory and need not be markdown. */
    private static final Set<String> ROOT_EXTRAS = Set.of("LICENSE", "LICENCE", "COPYING", "NOTICE");
    static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
            .thenComparingInt(Finding::line).thenComparing(Finding::rule);

    private final CtxConfig config;
    private final SecretScanner secrets = new SecretScanner();

    public Validator(CtxConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required; use CtxConfig.defaults() when there is no ctx.yaml");
        }
        this.config = config;
    }

    public CtxConfig config() {
        return config;
    }

    /** Rules of one file judged alone, on its decoded text. Findings are ordered by line. */
    public List<Finding> checkFile(RepoPath path, String text) {
        List<Finding> out = new ArrayList<>();
        for (SecretScanner.Match m : secrets.scan(text)) {
            out.add(Finding.error(path.value(), m.line(), "secret", "likely secret (" + m.kind() + ", " + m.masked()
                    + ") on line " + m.line() + ": remove it, and rotate the credential if it was ever shared"));
        }
        if (path.kind() == Kind.RECALL) {
            // Transcripts are free-form: only byte-level rules and the secret scan (ingest redacts first, a
            // hand-made write under recall/ must not slip one through) apply.
            out.sort(ORDER);
            return out;
        }
        if (path.value().equals(CtxConfig.FILE)) {
            ConfigRules.check(text, out);
        } else if (isLooseInSkills(path)) {
            looseSkillFile(path, out);
        } else if (path.isSkillFile()) {
            parsed(path, text, out, doc -> SkillRules.check(path, text, doc, config, out));
        } else if (path.kind() == Kind.MEMORY || path.kind() == Kind.ARCHIVE) {
            MemoryRules rules = new MemoryRules(config);
            parsed(path, text, out, doc -> rules.check(path, text, doc, out));
        } else if (path.kind() == Kind.OTHER && !path.isMarkdown() && !exemptFromMarkdown(path)) {
            out.add(Finding.warning(path.value(), 0, "not-markdown", "'" + path.name()
                    + "' is not markdown: memory files end in .md (other files belong beside a skill's SKILL.md)"));
        }
        out.sort(ORDER);
        return out;
    }

    /**
     * Raw bytes first (size over limits.max_file_bytes, NUL bytes, invalid UTF-8: at most one error each), then
     * {@link #checkFile} on the decoded text when the bytes are acceptable. Files beside a skill's SKILL.md may
     * be binary (images, archives): only their size is checked then.
     */
    public List<Finding> checkBytes(RepoPath path, byte[] content) {
        return checkBytes(path, content, null);
    }

    List<Finding> checkBytes(RepoPath path, byte[] content, Map<RepoPath, String> decoded) {
        List<Finding> out = new ArrayList<>();
        String p = path.value();
        boolean binaryAllowed = isSkillResource(path) && !path.isMarkdown();
        int nul = indexOfNul(content);
        String text = null;
        try {
            text = strictUtf8().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (binaryAllowed && (nul >= 0 || text == null)) {
            // A skill's asset: judged by its own size limit only, never read (or scanned for secrets) as text.
            if (content.length > config.maxBinaryBytes()) {
                out.add(Finding.error(p, 0, "binary-size", "binary file is " + content.length + " bytes, over limits.max_binary_bytes "
                        + config.maxBinaryBytes() + " in ctx.yaml; shrink it, or link to it from the skill instead"));
            }
            return out;
        }
        if (content.length > config.maxFileBytes()) {
            out.add(Finding.error(p, 0, "file-size", "file is " + content.length + " bytes, over limits.max_file_bytes "
                    + config.maxFileBytes() + " in ctx.yaml"));
        }
        if (nul >= 0) {
            out.add(Finding.error(p, lineOfByte(content, nul), "binary", "file contains NUL bytes (binary content); "
                    + "memory is text: keep binary assets beside a skill's SKILL.md"));
        }
        if (text == null) {
            int at = firstInvalidUtf8(content);
            out.add(Finding.error(p, lineOfByte(content, at), "utf-8", "file is not valid UTF-8 (first bad byte at offset "
                    + at + "); save it as UTF-8"));
        }
        if (out.isEmpty() && text != null && nul < 0) {
            out.addAll(checkFile(path, text));
            if (decoded != null) {
                decoded.put(path, text);
            }
        }
        return out;
    }

    /**
     * The whole repository: every file's {@link #checkBytes}, then the rules across files (system/ budget,
     * skill folders and names, paths that collide by case). The repository's own {@code ctx.yaml}, when
     * present and valid, is the configuration used, so a commit that changes limits is judged by them.
     */
    public List<Finding> checkRepository(Map<RepoPath, byte[]> files) {
        Validator v = withRepositoryConfig(files);
        List<Finding> out = new ArrayList<>();
        Map<RepoPath, String> decoded = new TreeMap<>();
        for (Map.Entry<RepoPath, byte[]> e : new TreeMap<>(files).entrySet()) {
            out.addAll(v.checkBytes(e.getKey(), e.getValue(), decoded));
        }
        RepositoryRules.check(v.config, files.keySet(), decoded, out);
        out.sort(ORDER);
        return out;
    }

    /**
     * Characters (Unicode code points) of the bodies of the always-loaded context: every {@code system/**.md}
     * in the map (other paths are ignored). A file whose front-matter cannot be parsed counts in full.
     * Its share of the budget is this over {@link CtxConfig#systemBudgetChars()}.
     */
    public static int systemChars(Map<RepoPath, String> systemFiles) {
        int total = 0;
        for (Map.Entry<RepoPath, String> e : systemFiles.entrySet()) {
            if (e.getKey().isSystem()) {
                String text = e.getValue();
                try {
                    text = Document.parse(text).body();
                } catch (FormatException ignored) {
                    // counted whole: the budget must not shrink because a file is broken
                }
                total += Lines.chars(text);
            }
        }
        return total;
    }

    /** The first {@code limits.overrides} glob matching the path, or null. A glob that does not compile matches nothing. */
    static CtxConfig.GlobLimit overrideFor(CtxConfig config, RepoPath path) {
        for (CtxConfig.GlobLimit g : config.overrides()) {
            try {
                if (g.matches(path)) {
                    return g;
                }
            } catch (IllegalArgumentException | UnsupportedOperationException badGlob) {
                // reported on ctx.yaml by ConfigRules
            }
        }
        return null;
    }

    private Validator withRepositoryConfig(Map<RepoPath, byte[]> files) {
        return withRepositoryConfig(files.get(RepoPath.of(CtxConfig.FILE)));
    }

    /** This validator, or one with the repository's own ctx.yaml ({@code yaml}, null when absent) when it parses. */
    Validator withRepositoryConfig(byte[] yaml) {
        if (yaml == null) {
            return this;
        }
        try {
            return new Validator(CtxConfig.parse(strictUtf8().decode(ByteBuffer.wrap(yaml)).toString()));
        } catch (FormatException | CharacterCodingException e) {
            return this; // reported as a finding on ctx.yaml
        }
    }

    private interface DocumentRule {
        void apply(Document doc);
    }

    private static void parsed(RepoPath path, String text, List<Finding> out, DocumentRule rule) {
        Document doc;
        try {
            doc = Document.parse(text);
        } catch (FormatException e) {
            out.add(Finding.error(path.value(), Math.max(1, e.line()), e.rule(), e.getMessage()));
            return;
        }
        rule.apply(doc);
    }

    /** A file directly in {@code skills/}: skills are folders. */
    private static boolean isLooseInSkills(RepoPath path) {
        List<String> s = path.segments();
        return s.size() == 2 && s.get(0).equals("skills") && !s.get(1).startsWith(".");
    }

    private static void looseSkillFile(RepoPath path, List<Finding> out) {
        String name = path.name();
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        out.add(Finding.error(path.value(), 0, "skill-layout", name.endsWith(".md")
                ? "a skill is a folder: move this file to skills/" + stem.toLowerCase(Locale.ROOT) + "/SKILL.md"
                : "files in skills/ belong inside a skill folder (skills/<name>/)"));
    }

    /** A file inside a skill folder other than its SKILL.md (scripts/, references/, assets/, ...). */
    static boolean isSkillResource(RepoPath path) {
        return path.segments().size() >= 3 && path.segments().get(0).equals("skills") && !path.isSkillFile();
    }

    private static boolean exemptFromMarkdown(RepoPath path) {
        if (path.value().equals(CtxConfig.FILE) || path.kind() == Kind.SKILL || path.kind() == Kind.RECALL) {
            return true;
        }
        for (String seg : path.segments()) {
            if (seg.startsWith(".")) {
                return true;
            }
        }
        String name = path.name();
        int dot = name.indexOf('.');
        return path.segments().size() == 1 && ROOT_EXTRAS.contains(dot < 0 ? name : name.substring(0, dot));
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lineOfByte(byte[] b, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Byte offset of the first malformed UTF-8 sequence (decoding up to it succeeds). */
    private static int firstInvalidUtf8(byte[] b) {
        CharsetDecoder d = strictUtf8();
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(Math.max(16, b.length));
        CoderResult r = d.decode(in, out, true);
        return r.isError() ? in.position() : b.length;
    }
}
