package dev.ctx.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cache answers exactly what a fresh whole-repository check answers, reading only blobs it has not seen. */
class ValidationCacheTest {
    private final Map<RepoPath, byte[]> files = new TreeMap<>();
    private final Map<String, byte[]> objects = new HashMap<>();
    private final List<RepoPath> reads = new ArrayList<>();
    private final ValidationCache cache = new ValidationCache();

    private void put(String path, String text) {
        files.put(RepoPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String id(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks through the cache, asserts it equals the uncached check, and returns the paths it read. */
    private List<RepoPath> checkBoth(CtxConfig fallback) throws CtxException {
        Map<RepoPath, String> ids = new TreeMap<>();
        files.forEach((p, b) -> {
            ids.put(p, id(b));
            objects.put(id(b), b);
        });
        reads.clear();
        ValidationCache.Result r = cache.checkRepository(fallback, ids, (p, blob) -> {
            reads.add(p);
            return objects.get(blob);
        });
        assertEquals(new Validator(fallback).checkRepository(files), r.findings());
        Map<RepoPath, String> system = new TreeMap<>();
        files.forEach((p, b) -> {
            if (p.isSystem()) {
                system.put(p, new String(b, StandardCharsets.UTF_8));
            }
        });
        assertEquals(system, r.systemTexts());
        assertEquals(files.size(), r.files());
        return List.copyOf(reads);
    }

    @Test
    void editsAreJudgedAsAFreshCheckWouldAndOnlyChangedBlobsAreRead() throws Exception {
        CtxConfig defaults = CtxConfig.defaults();
        for (int i = 0; i < 20; i++) {
            put("notes/n" + i + ".md", "---\ndescription: note " + i + "\n---\nbody " + i + "\n");
        }
        put("system/persona.md", "---\ndescription: who\n---\nshort\n");
        put("skills/tool/SKILL.md", "---\nname: tool\ndescription: does a thing\n---\nuse it\n");
        assertEquals(files.size(), checkBoth(defaults).size(), "a cold cache reads everything");
        assertEquals(List.of(), checkBoth(defaults), "nothing changed, nothing read");

        put("notes/n3.md", "---\ndescription: note 3\n---\nkey AKIAIOSFODNN7EXAMPLE here\n");
        assertEquals(List.of(RepoPath.of("notes/n3.md")), checkBoth(defaults), "one edit, one read");

        put("system/persona.md", "---\ndescription: who\n---\n" + "x".repeat(50_000) + "\n");
        assertEquals(List.of(RepoPath.of("system/persona.md")), checkBoth(defaults));

        put("skills/other/SKILL.md", "---\nname: tool\ndescription: same name\n---\nbody\n");
        put("skills/loose/readme.md", "no SKILL.md beside me\n");
        put("Notes/N1.md", "---\ndescription: case\n---\nb\n");
        assertEquals(3, checkBoth(defaults).size());

        files.remove(RepoPath.of("notes/n3.md"));
        files.remove(RepoPath.of("skills/other/SKILL.md"));
        assertEquals(List.of(), checkBoth(defaults), "a removal reads nothing and drops its findings");

        put("ctx.yaml", "format: 1\nsystem:\n  budget_chars: 100000\n  budget_tokens: 100000\n");
        assertFalse(checkBoth(defaults).isEmpty(), "a new ctx.yaml judges every file again");
        put("ctx.yaml", "format: [broken\n");
        checkBoth(defaults);
        put("notes/n0.md", "\u0000binary");
        checkBoth(defaults);
        files.put(RepoPath.of("notes/n1.md"), new byte[] {(byte) 0xC3, 0x28});
        checkBoth(defaults);
    }
}
