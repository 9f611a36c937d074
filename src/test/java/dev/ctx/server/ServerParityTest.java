package dev.ctx.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import dev.ctx.support.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The same commands through a real server process and in process print the same bytes and exit the same. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerParityTest {
    @TempDir
    static Path tmp;
    ServerFixture f;
    Path repo;

    @BeforeAll
    void startServer() throws Exception {
        f = new ServerFixture(tmp);
        f.start();
        TestRepo.Run init = f.client(f.t.dir, "", "init", "mem");
        assertEquals(0, init.exit(), init.toString());
        repo = f.t.dir.resolve("mem");
        assertEquals(0, f.client(repo, "", "remember", "The build uses make", "--agent", "a1").exit());
        assertEquals(0, f.client(repo, "fact from stdin\n", "write", "notes/piped", "--description", "Piped in", "-").exit());
        assertEquals(0, f.client(repo, "", "write", "notes/ünïcode", "--description", "Ärger über Größe", "--body", "naïve café ✓").exit());
    }

    @AfterAll
    void stopServer() throws Exception {
        f.close();
    }

    private TestRepo.Run inProcess(Path cwd, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env e = new Env(cwd, f.env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        int code = new Cli(e).run(args);
        return new TestRepo.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void same(String stdin, String... args) {
        TestRepo.Run served = f.client(repo, stdin, args);
        TestRepo.Run local = inProcess(repo, stdin, args);
        assertEquals(local.exit(), served.exit(), "exit of " + List.of(args) + "\nserved: " + served + "\nlocal: " + local);
        assertEquals(local.out(), served.out(), "stdout of " + List.of(args));
        assertEquals(local.err(), served.err(), "stderr of " + List.of(args));
    }

    @Test
    void readsPrintTheSameBothWays() {
        for (List<String> cmd : List.of(List.of("list"), List.of("status"), List.of("show", "system/notes"), List.of("show", "notes/piped"),
                List.of("show", "notes/ünïcode"), List.of("--json", "show", "notes/ünïcode"), List.of("--json", "list"), List.of("--json", "status"),
                List.of("log"), List.of("--json", "log"), List.of("validate", "--all"), List.of("search", "build", "--mode", "bm25"),
                List.of("--json", "search", "make", "--mode", "bm25"), List.of("blame", "system/notes"), List.of("--version"), List.of("--help"),
                List.of("remember", "--help"))) {
            same("", cmd.toArray(String[]::new));
        }
    }

    @Test
    void errorsAndExitCodesAreTheSameBothWays() {
        same("", "show", "no/such");                 // 3, not found
        same("", "--json", "show", "no/such");       // 3, JSON error on stderr
        same("", "remember");                         // 2, usage
        same("", "--no-such-option");                 // 2, usage
        same("", "frobnicate");                       // 2, unknown command
        String token = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";
        same("", "write", "notes/secret", "--description", "d", "--body", "token " + token); // 4, refused, nothing written
        same("", "--json", "write", "notes/secret", "--description", "d", "--body", "token " + token);
        same("\u00ff\u00fe not utf-8 as bytes? no: this is UTF-8 text\n", "write", "notes/x", "--description", "d", "--body", "a", "-"); // 2, body twice
        TestRepo.Run elsewhere = f.client(tmp, "", "status");
        assertEquals(6, elsewhere.exit(), "no repository here: " + elsewhere);
    }

    @Test
    void stdinIsReadOnlyByCommandsThatAskForIt() throws Exception {
        // A stdin that never ends (a terminal nobody types into): a command that does not read it must not wait for it.
        java.io.PipedOutputStream never = new java.io.PipedOutputStream();
        TestRepo.Run list = f.client(repo, new java.io.PipedInputStream(never), "list");
        assertEquals(0, list.exit(), list.toString());
        never.close();
        TestRepo.Run r = f.client(repo, "second piped fact\n", "write", "notes/piped2", "--description", "Piped", "-");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(f.client(repo, "", "show", "notes/piped2").out().contains("second piped fact"));
    }
}
