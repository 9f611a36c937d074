package dev.ctx.format;

import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@link Validator#checkRepository} for a process that asks again and again (the resident server's status):
 * a file's findings depend only on its path, its bytes and the configuration, so they are kept per blob id and
 * only files whose blob changed are read and checked again; the rules across files are re-run on the kept
 * texts they need (system/ files and SKILL.md). A different configuration (fallback or the repository's
 * ctx.yaml) drops everything. The result equals {@code new Validator(config).checkRepository(files)}.
 * Thread-safe: requests of a warm server share one instance.
 */
public final class ValidationCache {
    /** Reads one blob of the repository. */
    @FunctionalInterface
    public interface Blobs {
        byte[] read(RepoPath path, String blobId) throws CtxException;
    }

    /**
     * @param findings    every finding, ordered as {@link Validator#checkRepository} orders them
     * @param systemTexts every {@code system/} file's bytes decoded as UTF-8 (lenient), for the budget
     * @param files       how many files the repository holds
     */
    public record Result(List<Finding> findings, Map<RepoPath, String> systemTexts, int files) {
        public Result {
            findings = List.copyOf(findings);
            systemTexts = Map.copyOf(systemTexts);
        }
    }

    /** What one blob at one path produced; {@code decoded} only where the rules across files read it. */
    private record Entry(String blob, List<Finding> findings, String decoded, String systemText) {
    }

    private static final RepoPath CONFIG = RepoPath.of(CtxConfig.FILE);

    private CtxConfig fallback;
    private String yamlBlob;
    private CtxConfig config;
    private Map<RepoPath, Entry> entries = new HashMap<>();
    private Map<RepoPath, String> lastIds;
    private Result last;

    /** Checks the repository whose files are {@code blobIds} (path to blob id), reading only blobs not seen before. */
    public synchronized Result checkRepository(CtxConfig fallback, Map<RepoPath, String> blobIds, Blobs blobs)
            throws CtxException {
        Validator v = validatorFor(fallback, blobIds.get(CONFIG), blobs);
        if (last != null && blobIds.equals(lastIds)) {
            return last;
        }
        Map<RepoPath, Entry> next = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        Map<RepoPath, String> decoded = new TreeMap<>();
        Map<RepoPath, String> system = new TreeMap<>();
        for (Map.Entry<RepoPath, String> e : new TreeMap<>(blobIds).entrySet()) {
            RepoPath path = e.getKey();
            Entry entry = entries.get(path);
            if (entry == null || !entry.blob().equals(e.getValue())) {
                entry = check(v, path, e.getValue(), blobs.read(path, e.getValue()));
            }
            next.put(path, entry);
            out.addAll(entry.findings());
            if (entry.decoded() != null) {
                decoded.put(path, entry.decoded());
            }
            if (entry.systemText() != null) {
                system.put(path, entry.systemText());
            }
        }
        RepositoryRules.check(v.config(), blobIds.keySet(), decoded, out);
        out.sort(Validator.ORDER);
        entries = next;
        lastIds = Map.copyOf(blobIds);
        last = new Result(out, system, blobIds.size());
        return last;
    }

    /** The configuration the repository is judged by; a change of it drops every kept result. */
    private Validator validatorFor(CtxConfig fallback, String yamlId, Blobs blobs) throws CtxException {
        if (config != null && fallback.equals(this.fallback) && Objects.equals(yamlId, yamlBlob)) {
            return new Validator(config);
        }
        byte[] yaml = yamlId == null ? null : blobs.read(CONFIG, yamlId);
        Validator v = new Validator(fallback).withRepositoryConfig(yaml);
        if (!v.config().equals(config)) {
            entries = new HashMap<>();
            last = null;
        }
        this.fallback = fallback;
        this.yamlBlob = yamlId;
        this.config = v.config();
        return v;
    }

    private static Entry check(Validator v, RepoPath path, String blob, byte[] content) {
        Map<RepoPath, String> decoded = new HashMap<>(1);
        List<Finding> findings = List.copyOf(v.checkBytes(path, content, decoded));
        // RepositoryRules reads the decoded text of system/ files (budget) and of SKILL.md files (names) only
        boolean read = path.isSystem() || path.name().equals(SkillRules.FILE);
        String text = read ? decoded.get(path) : null;
        String systemText = path.isSystem() ? new String(content, StandardCharsets.UTF_8) : null;
        return new Entry(blob, findings, text, systemText);
    }
}
