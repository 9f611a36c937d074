package dev.ctx.format;

import dev.ctx.model.Finding;
import static dev.ctx.format.Checks.brief;
import static dev.ctx.format.Checks.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.RepoPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryRulesTest {
    private final Validator validator = new Validator(CtxConfig.defaults());
    private static final RepoPath CONVENTIONS = RepoPath.of("system/project/conventions.md");

    private List<String> check(String path, String text) {
        return brief(validator.checkFile(RepoPath.of(path), text));
    }

    private List<String> check(String text) {
        return brief(validator.checkFile(CONVENTIONS, text));
    }

    @Test
    void acceptsAFileWithEveryKeyOfTheFormat() {
        String text = memory("description: Build, test and release conventions\nread_only: false\nlimit: 4000\ntags: [build, ci]\n",
                "Use Maven.\n");
        assertEquals(List.of(), check(text));
        assertEquals(List.of(), check("notes/deploy.md", text));
        assertEquals(List.of(), check("archive/system/old.md", text));
    }

    @Test
    void requiresFrontMatter() {
        assertEquals(List.of("front-matter-required@1"), check("# Conventions\n\nUse Maven.\n"));
        assertEquals(List.of("front-matter-required@1"), check("archive/old.md", "just text\n"));
    }

    @Test
    void reportsUnclosedFrontMatter() {
        assertEquals(List.of("front-matter@1"), check("---\ndescription: x\nbody without end\n"));
    }

    @Test
    void reportsBrokenYamlOnItsLine() {
        assertEquals(List.of("front-matter-yaml@3"), check("---\ndescription: ok\nowner: a: b\n---\nbody\n"));
    }

    @Test
    void requiresADescription() {
        assertEquals(List.of("description-required@2"), check(memory("limit: 10\n", "x\n")));
        assertEquals(List.of("description-required@3"), check(memory("limit: 10\ndescription: \"  \"\n", "x\n")));
        assertEquals(List.of("description-required@2"), check(memory("description:\n", "x\n")));
    }

    @Test
    void requiresTheDescriptionToBeText() {
        assertEquals(List.of("description-type@2"), check(memory("description:\n  - a\n  - b\n", "x\n")));
    }

    @Test
    void requiresTheDescriptionOnOneLine() {
        assertEquals(List.of("description-one-line@2"), check(memory("description: |\n  first\n  second\n", "x\n")));
        assertEquals(List.of(), check(memory("description: >\n  folded into\n  one line\n", "x\n")));
        assertEquals(List.of(), check(memory("description: 'a quoted scalar\n  spanning lines folds to one'\n", "x\n")));
    }

    @Test
    void limitsTheDescriptionTo1024Characters() {
        assertEquals(List.of(), check(memory("description: " + "d".repeat(1024) + "\n", "x\n")));
        assertEquals(List.of("description-length@2"), check(memory("description: " + "d".repeat(1025) + "\n", "x\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "True"})
    void acceptsBooleanReadOnly(String v) {
        assertEquals(List.of(), check(memory("description: d\nread_only: " + v + "\n", "x\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "\"maybe\"", "[true]"})
    void refusesAnythingElseAsReadOnly(String v) {
        assertEquals(List.of("read-only-value@3"), check(memory("description: d\nread_only: " + v + "\n", "x\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "012", "4k", "1.5", "99999999999", "[1]"})
    void refusesALimitThatIsNotAPositiveWholeNumber(String v) {
        assertEquals(List.of("limit-value@3"), check(memory("description: d\nlimit: " + v + "\n", "x\n")));
    }

    @Test
    void requiresTagsToBeAListOfWords() {
        assertEquals(List.of(), check(memory("description: d\ntags:\n  - build\n  - ci\n", "x\n")));
        assertEquals(List.of("tags-type@3"), check(memory("description: d\ntags: build\n", "x\n")));
        assertEquals(List.of("tags-type@3"), check(memory("description: d\ntags: [build, [ci]]\n", "x\n")));
        assertEquals(List.of("tags-type@3"), check(memory("description: d\ntags: {a: b}\n", "x\n")));
    }

    @Test
    void warnsAboutUnknownKeysOnTheirLine() {
        String text = memory("description: d\n# who wrote it\nauthor: me\nlimit: 100\nlabel: human\n", "x\n");
        List<Finding> f = validator.checkFile(CONVENTIONS, text);
        assertEquals(List.of("unknown-key@4!", "unknown-key@6!"), brief(f));
        assertTrue(f.get(0).message().contains("'author'"), f.get(0).message());
        assertTrue(f.stream().allMatch(x -> x.strict().isError()));
    }

    @Test
    void holdsTheBodyToTheDefaultLimitAndPointsAtTheLineThatCrossesIt() {
        String ok = memory("description: d\n", "a".repeat(5000));
        assertEquals(List.of(), check(ok));
        String body = "line one\n" + "b".repeat(4990) + "\nthird line crosses the limit\n";
        List<Finding> f = validator.checkFile(CONVENTIONS, memory("description: d\n", body));
        assertEquals(List.of("limit@6"), brief(f));
        assertTrue(f.get(0).message().contains("limits.default"), f.get(0).message());
    }

    @Test
    void countsCharactersAsCodePoints() {
        String emoji = "\uD83D\uDE00".repeat(5000); // 5000 characters, 10000 UTF-16 units
        assertEquals(List.of(), check(memory("description: d\n", emoji)));
        assertEquals(List.of("limit@4"), check(memory("description: d\n", emoji + "!")));
    }

    @Test
    void aFileMayRaiseOrLowerItsOwnLimit() {
        assertEquals(List.of(), check(memory("description: d\nlimit: 8000\n", "a".repeat(7000))));
        List<Finding> f = validator.checkFile(CONVENTIONS, memory("description: d\nlimit: 10\n", "0123456789X"));
        assertEquals(List.of("limit@5"), brief(f));
        assertTrue(f.get(0).message().contains("its own 'limit'"), f.get(0).message());
    }

    @Test
    void appliesTheFirstMatchingGlobOverride() throws FormatException {
        CtxConfig config = CtxConfig.parse("format: 1\nlimits:\n  overrides:\n    \"notes/**\": 20\n    \"**\": 10\n");
        Validator v = new Validator(config);
        String text = memory("description: d\n", "a".repeat(15));
        assertEquals(List.of(), brief(v.checkFile(RepoPath.of("notes/a/b.md"), text)));
        List<Finding> f = v.checkFile(RepoPath.of("system/x.md"), text);
        assertEquals(List.of("limit@4"), brief(f));
        assertTrue(f.get(0).message().contains("\"**\""), f.get(0).message());
    }

    @Test
    void limitsFolderDepth() {
        String text = memory("description: d\n", "x\n");
        assertEquals(List.of(), check("a/b/c/d/e/f/six-deep.md", text));
        assertEquals(List.of("depth@0"), check("a/b/c/d/e/f/g/seven-deep.md", text));
        assertEquals(List.of(), check("archive/a/b/c/d/e/f/six-deep.md", text));
        assertEquals(List.of("depth@0"), check("archive/a/b/c/d/e/f/g/seven-deep.md", text));
    }

    @Test
    void reportsSecretsWithKindAndLineButNeverTheSecret() {
        String key = "AK" + "IA" + "QWERTYUIOPASDFGH";
        List<Finding> f = validator.checkFile(CONVENTIONS, memory("description: d\n", "ok\nthe key is " + key + "\n"));
        assertEquals(List.of("secret@5"), brief(f));
        assertTrue(f.get(0).isError());
        assertTrue(f.get(0).message().contains("aws-access-key-id") && f.get(0).message().contains("line 5"), f.get(0).message());
        assertFalse(f.get(0).message().contains(key), f.get(0).message());
    }

    @Test
    void scansSecretsEvenWhenTheFrontMatterIsBroken() {
        String key = "gl" + "pat-" + "a1B2c3D4e5F6g7H8i9J0";
        assertEquals(List.of("front-matter-required@1", "secret@1"), check("token " + key + "\n"));
    }

    @Test
    void refusesABillionLaughsFrontMatterFast() {
        String laughs = "---\ndescription: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                + "---\nbody\n";
        List<Finding> f = assertTimeoutPreemptively(Duration.ofMillis(500), () -> validator.checkFile(CONVENTIONS, laughs));
        assertEquals(List.of("front-matter-yaml"), Checks.rules(f));
        assertTrue(f.get(0).isError());
    }

    @Test
    void findsKeyLinesInCrlfFiles() {
        String text = "---\r\ndescription: d\r\nread_only: perhaps\r\n---\r\nbody\r\n";
        assertEquals(List.of("read-only-value@3"), check(text));
    }

    @Test
    void warnsAboutNonMarkdownFilesOutsideSkillsAndRecall() {
        assertEquals(List.of("not-markdown@0!"), check("system/notes.txt", "hello\n"));
        assertEquals(List.of("not-markdown@0!"), check("archive/data.json", "{}\n"));
        assertEquals(List.of(), check(".gitignore", "*.tmp\n"));
        assertEquals(List.of(), check(".github/workflows/ci.yml", "on: push\n"));
        assertEquals(List.of(), check("LICENSE", "MIT\n"));
        assertEquals(List.of(), check("skills/pdf/scripts/run.py", "print(1)\n"));
        assertEquals(List.of(), check("recall/2026/notes.jsonl", "{}\n"));
    }

    @Test
    void theRootReadmeIsNotMemory() {
        assertEquals(List.of(), check("README.md", "# My memory\n\nNo front-matter needed.\n"));
        assertEquals(List.of("front-matter-required@1"), check("system/README.md", "# Not exempt\n"));
    }

    @Test
    void recallIsFreeFormSoOnlyBytesAndSecretsAreChecked() {
        assertEquals(List.of(), check("recall/claude-code/session.md", "no front-matter\n" + "x".repeat(10_000)));
        // Ingest redacts, but a hand-made write under recall/ must not slip a secret into history.
        String key = "AK" + "IA" + "QWERTYUIOPASDFGH";
        assertEquals(List.of("secret@1"), check("recall/claude-code/session.md", "no front-matter " + key + "\n"));
    }

    @Test
    void secretsInNonMemoryFilesAreStillReported() {
        String key = "AK" + "IA" + "QWERTYUIOPASDFGH";
        assertEquals(List.of("secret@2"), check("README.md", "# Readme\n" + key + "\n"));
        assertEquals(List.of("secret@1"), check("skills/pdf/scripts/run.sh", "export KEY=" + key + "\n"));
    }

    @Test
    void systemCharsCountsBodiesOfSystemFilesOnly() {
        Map<RepoPath, String> files = Map.of(
                RepoPath.of("system/a.md"), memory("description: a long description that does not count\n", "12345"),
                RepoPath.of("system/deep/b.md"), memory("description: b\n", "\uD83D\uDE00\uD83D\uDE00"),
                RepoPath.of("system/broken.md"), "---\nunclosed",
                RepoPath.of("notes/c.md"), memory("description: c\n", "not counted"));
        assertEquals(5 + 2 + "---\nunclosed".length(), Validator.systemChars(files));
    }
}
