package dev.ctx.format;

import dev.ctx.model.Finding;
import static dev.ctx.format.Checks.brief;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.RepoPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorBytesTest {
    private final Validator validator = new Validator(CtxConfig.defaults());
    private static final RepoPath NOTES = RepoPath.of("system/notes.md");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void validBytesGoOnToTheFileRules() {
        assertEquals(List.of(), brief(validator.checkBytes(NOTES, utf8("---\ndescription: d\n---\nCafé ☕\n"))));
        assertEquals(List.of("description-required@2"), brief(validator.checkBytes(NOTES, utf8("---\nlimit: 5\n---\nx\n"))));
    }

    @Test
    void refusesNulBytesOnTheirLine() {
        byte[] content = concat(utf8("---\ndescription: d\n---\nline four\nfive "), new byte[] {0, 'x', '\n'});
        List<Finding> f = validator.checkBytes(NOTES, content);
        assertEquals(List.of("binary@5"), brief(f));
        assertTrue(f.get(0).isError());
    }

    @Test
    void refusesInvalidUtf8OnItsLine() {
        byte[] latin1 = "---\ndescription: d\n---\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        List<Finding> f = validator.checkBytes(NOTES, latin1);
        assertEquals(List.of("utf-8@4"), brief(f));
        assertTrue(f.get(0).message().contains("offset 25"), f.get(0).message());
    }

    @Test
    void refusesTruncatedAndOverlongSequences() {
        assertEquals(List.of("utf-8@1"), brief(validator.checkBytes(NOTES, new byte[] {'a', (byte) 0xE2, (byte) 0x82})));
        assertEquals(List.of("utf-8@1"), brief(validator.checkBytes(NOTES, new byte[] {(byte) 0xC0, (byte) 0xAF})));
        assertEquals(List.of("utf-8@1"), brief(validator.checkBytes(NOTES, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    }

    @Test
    void reportsBinaryAndInvalidUtf8OnceEach() {
        byte[] junk = {0, 0, (byte) 0xFF, '\n', 0, (byte) 0xFE};
        assertEquals(List.of("binary@1", "utf-8@1"), brief(validator.checkBytes(NOTES, junk)));
    }

    @Test
    void refusesFilesOverMaxFileBytesWithoutReadingThem() throws FormatException {
        Validator small = new Validator(CtxConfig.parse("format: 1\nlimits:\n  max_file_bytes: 100\n"));
        byte[] exactly = utf8("---\ndescription: d\n---\n" + "x".repeat(100 - 23));
        assertEquals(100, exactly.length);
        assertEquals(List.of(), brief(small.checkBytes(NOTES, exactly)));
        byte[] over = utf8("---\ndescription: d\n---\n" + "x".repeat(100 - 22));
        List<Finding> f = small.checkBytes(NOTES, over);
        assertEquals(List.of("file-size@0"), brief(f));
        assertTrue(f.get(0).message().contains("101 bytes"), f.get(0).message());
    }

    @Test
    void aMegabyteFileOverTheDefaultIsRefused() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        assertEquals(List.of("file-size@0"), brief(validator.checkBytes(RepoPath.of("recall/big.md"), big)));
    }

    @Test
    void skillAssetsMayBeBinary() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D};
        assertEquals(List.of(), brief(validator.checkBytes(RepoPath.of("skills/brand/assets/logo.png"), png)));
        assertEquals(List.of("binary@3", "utf-8@1"), brief(validator.checkBytes(RepoPath.of("system/logo.png"), png)));
        assertEquals(List.of("binary@3", "utf-8@1"), brief(validator.checkBytes(RepoPath.of("skills/brand/SKILL.md"), png)));
    }

    @Test
    void recallGetsByteRulesOnly() {
        assertEquals(List.of("binary@1"), brief(validator.checkBytes(RepoPath.of("recall/x.md"), new byte[] {'a', 0})));
        assertEquals(List.of(), brief(validator.checkBytes(RepoPath.of("recall/x.md"), utf8("no front-matter"))));
    }

    @Test
    void ctxYamlProblemsAreFindingsOnCtxYaml() {
        assertEquals(List.of(), brief(validator.checkBytes(RepoPath.of("ctx.yaml"), utf8(CtxConfig.starterText()))));
        List<Finding> f = validator.checkBytes(RepoPath.of("ctx.yaml"), utf8("format: 2\n"));
        assertEquals(List.of("config-format@1"), brief(f));
        assertEquals("ctx.yaml", f.get(0).path());
        assertEquals(List.of("config-yaml@3"), brief(validator.checkFile(RepoPath.of("ctx.yaml"), "format: 1\nlimits:\n  default: a: b\n")));
        assertEquals(List.of("config-value@1"), brief(validator.checkFile(RepoPath.of("ctx.yaml"), "format: 1\nlimits:\n  default: -3\n")));
    }

    @Test
    void reportsAnOverrideGlobThatDoesNotCompile() {
        List<Finding> f = validator.checkFile(RepoPath.of("ctx.yaml"), "format: 1\nlimits:\n  overrides:\n    \"notes/[a\": 10\n");
        assertEquals(List.of("config-glob@4"), brief(f));
    }

    @Test
    void aSecretInCtxYamlIsReported() {
        String key = "sk" + "-proj-" + "Xq3vR8tLm2Np7Ks4Wd9Fb6Hj1Gc5Tz0Ye8Ua3Io7Pl2";
        String text = "format: 1\nsearch:\n  embeddings:\n    provider: openai\n    api_key: " + key + "\n";
        assertEquals(List.of("secret@5"), brief(validator.checkFile(RepoPath.of("ctx.yaml"), text)));
    }

    @Test
    void requiresAConfig() {
        assertThrows(IllegalArgumentException.class, () -> new Validator(null));
    }
}
