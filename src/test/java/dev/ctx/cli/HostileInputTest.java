package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input, one row per case: the command, the exit code and a fragment of the one-line error it must
 * give, and then the same checks for every row: the repository is unchanged (branch, index, working tree,
 * refs) and the row's secret, if any, is nowhere in history, in a ref name or in a file name. A new class of
 * input is one line in {@link #rows()}.
 */
class HostileInputTest {
    // Built by concatenation so that no scanner of this source tree mistakes the fixtures for real credentials.
    static final String GH = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String AWS = "AKIA" + "Z7Q2X5V3N6M4K7J2";
    static final String PG_PW = "Sup3rS3cretPw0rd9";
    static final String LONG = "n".repeat(230);

    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    /** One hostile input: what to run, what it must answer, and the secret that must never land anywhere. */
    record Row(String name, List<String> args, int exit, String fragment, String secret) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, int exit, String fragment, String secret, String... args) {
        return new Row(name, List.of(args), exit, fragment, secret);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // 1. names too long for the file system's temp names: refused before anything is written
                row("long name", 4, "longer than", null, "write", "notes/" + LONG, "--body", "x"),
                row("long segment under the path bound", 4, "longer than 128 bytes", null, "write", "n".repeat(150), "--body", "x"),
                row("long multibyte name", 4, "longer than", null, "write", "notes/" + "é".repeat(80), "--body", "x"),
                row("mv to a long name", 4, "longer than", null, "mv", "notes/a", "notes/" + LONG),
                // 3. secrets through every string that reaches a commit, a ref or a file name
                row("secret remembered under recall/", 4, "likely secret", AWS, "remember", "aws " + AWS, "--in", "recall/notes"),
                row("secret written under recall/", 4, "likely secret", GH, "write", "recall/x", "--body", "token " + GH),
                row("secret in --reason", 4, "--reason", GH, "remember", "a fact", "--reason", "because " + GH),
                row("secret in --agent", 4, "--agent", GH, "--agent", GH, "remember", "a fact"),
                row("secret in --session", 4, "--session", AWS, "--session", AWS, "remember", "a fact"),
                row("secret in a file name", 4, "likely secret", GH, "write", "notes/" + GH, "--body", "x"),
                row("secret in a mv destination", 4, "likely secret", GH, "mv", "notes/a", "notes/" + GH),
                row("secret in a description", 4, "likely secret", GH, "write", "notes/b", "--description", "key " + GH, "--body", "x"),
                // issue 11: connection strings with passwords
                row("postgres url", 4, "connection-string", PG_PW, "remember", "db is postgres://admin:" + PG_PW + "@db.internal:5432/app"),
                row("mysql url", 4, "connection-string", PG_PW, "remember", "mysql://root:" + PG_PW + "@10.0.0.5/shop"),
                row("mongodb+srv url", 4, "connection-string", PG_PW, "remember", "mongodb+srv://svc:" + PG_PW + "@cluster0.example.net/db"),
                row("redis url with only a password", 4, "connection-string", PG_PW, "remember", "cache redis://:" + PG_PW + "@cache:6379/0"),
                // 5. undecodable text (what the JVM makes of bad bytes or a non-UTF-8 locale)
                row("U+FFFD in an argument", 2, "not valid UTF-8", null, "remember", "caf\uFFFD \uFFFD\uFFFD\uFFFD"),
                // 6. control characters and line breaks in paths
                row("ESC in a path", 4, "control character", null, "write", "notes/a\u001b[31mred", "--body", "x"),
                row("forged trailer in a path", 4, "control character", null, "write", "notes/x\n\nCtx-Agent: alice", "--body", "x"),
                row("DEL in a path", 4, "control character", null, "write", "notes/x\u007f", "--body", "x"),
                row("C1 control in a path", 4, "control character", null, "write", "notes/x\u009b2J", "--body", "x"),
                row("line separator in a path", 4, "control character", null, "write", "notes/x\u2028y", "--body", "x"),
                // 7. case collisions, nested hidden paths, Windows-reserved names
                row("case collision with a file", 4, "letter case", null, "write", "notes/A", "--body", "x"),
                row("case collision with a folder", 4, "letter case", null, "write", "Notes/b", "--body", "x"),
                row("case collision by mv", 4, "letter case", null, "mv", "notes/a", "System/c"),
                row("nested hidden path", 4, "hidden path", null, "write", "notes/.hidden", "--body", "x"),
                row("hidden folder", 4, "hidden path", null, "write", "notes/.cache/x", "--body", "x"),
                row("CON", 4, "reserved on Windows", null, "write", "CON", "--body", "x"),
                row("aux in a folder", 4, "reserved on Windows", null, "write", "notes/aux", "--body", "x"),
                row("nul.md", 4, "reserved on Windows", null, "write", "notes/nul.md", "--body", "x"),
                row("COM1 folder", 4, "reserved on Windows", null, "write", "com1/x", "--body", "x"),
                row("trailing dot", 4, "ends with a dot", null, "write", "notes/x.", "--body", "x"),
                row("trailing space in a folder", 4, "space", null, "write", "notes/x /y", "--body", "x"),
                row("Windows-forbidden character", 4, "Windows refuses", null, "write", "notes/a?b", "--body", "x"),
                // 10. an empty --repo is a usage error, not the enclosing repository
                row("empty --repo", 2, "--repo is empty", null, "--repo", "", "remember", "a fact"),
                // 11. bounds and exit codes
                row("huge --reason", 4, "over its bound", null, "remember", "a fact", "--reason", "r".repeat(120_000)),
                row("huge --agent", 4, "over its bound", null, "--agent", "a".repeat(500), "remember", "a fact"),
                row("revert of an unknown commit", 3, "", null, "revert", "0123456789abcdef0123456789abcdef01234567"),
                // 9. input files ({tmp} is this test's folder, filled in setUp)
                row("100k-deep JSON transcript", 4, "nothing was committed", null, "recall", "ingest", "{tmp}/deep.jsonl", "--format", "claude"),
                row("agent file without messages", 4, "nothing was committed", null, "recall", "ingest", "{tmp}/empty.af", "--format", "letta"),
                row("body file that is not UTF-8", 4, "not valid UTF-8", null, "write", "notes/c", "--description", "d", "--body-file", "{tmp}/latin1.txt"),
                row("secret in a body file under recall/", 4, "likely secret", GH, "write", "recall/y", "--body-file", "{tmp}/secret.txt"));
    }

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
        Run r = t.ctx("write", "notes/a", "--description", "a note", "--body", "first line");
        assertEquals(0, r.exit(), r::toString);
        Files.writeString(tmp.resolve("deep.jsonl"), "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        Files.writeString(tmp.resolve("empty.af"), "{\"agents\":[{\"name\":\"x\"}]}");
        Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        Files.writeString(tmp.resolve("secret.txt"), "token " + GH + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void refusedCleanlyLeavingNoTrace(Row row) throws Exception {
        String head = t.git(repo, "rev-parse", "HEAD");
        String refs = t.git(repo, "for-each-ref");
        Run r = t.ctxIn(repo, "", row.args().stream().map(a -> a.replace("{tmp}", tmp.toString())).toArray(String[]::new));

        assertEquals(row.exit(), r.exit(), r::toString);
        assertTrue(r.err().contains(row.fragment()), () -> "message should contain '" + row.fragment() + "': " + r);
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
        assertFalse(r.err().contains("\u001b"), "no raw control characters reach the terminal");

        assertEquals(head, t.git(repo, "rev-parse", "HEAD"), "the branch did not move");
        assertEquals(refs, t.git(repo, "for-each-ref"), "no ref was created or moved");
        assertEquals("", t.git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all"), "index and working tree unchanged");
        assertFalse(Files.exists(repo.resolve(".git/ctx/journal")), "no journal left to replay");
        if (row.secret() != null) {
            assertFalse(r.err().contains(row.secret()), "the refusal does not repeat the secret");
            assertFalse(t.git(repo, "log", "--all", "-p", "--format=%H%n%an%n%ae%n%B").contains(row.secret()), "not in history");
            assertFalse(t.git(repo, "for-each-ref", "--format=%(refname)").contains(row.secret()), "not in a ref name");
            try (Stream<Path> files = Files.walk(repo)) {
                String names = files.map(Path::toString).collect(Collectors.joining("\n"));
                assertFalse(names.contains(row.secret()), "not in a file name");
            }
        }
    }
}
