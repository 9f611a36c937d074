package dev.ctx.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import dev.ctx.support.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C client (built here where a C compiler exists, as the launcher builds it) speaks the same protocol. */
class NativeClientTest {
    @TempDir
    Path tmp;

    private Path compile() throws Exception {
        Path cc = Path.of("/usr/bin/cc");
        assumeTrue(Files.isExecutable(cc), "needs a C compiler, as the launcher does");
        Path out = tmp.resolve("ctx-client");
        Process p = new ProcessBuilder(cc.toString(), "-O2", "-o", out.toString(), Path.of("src/main/c/ctx-client.c").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), msg);
        return out;
    }

    private ProcessBuilder nativeClient(ServerFixture f, Path client, Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(List.of(client.toString(), BuildId.codeSource().toString(), "/bin/false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(f.env);
        return pb;
    }

    @Test
    void theNativeClientPrintsWhatTheInProcessCliPrintsAndCancelsOnCtrlC() throws Exception {
        Path client = compile();
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            assertEquals(0, f.client(f.t.dir, "", "init", "mem").exit());
            Path repo = f.t.dir.resolve("mem");
            assertEquals(0, f.client(repo, "", "remember", "naïve café ✓").exit());
            for (String[] args : new String[][] {{"--json", "show", "system/notes"}, {"show", "no/such"}, {"list"}, {"--bogus"}}) {
                Process p = nativeClient(f, client, repo, args).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                int code = new Cli(new Env(repo, f.env, InputStream.nullInputStream(), new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8), Clock.systemUTC())).run(args);
                assertEquals(code, p.exitValue(), List.of(args) + ": " + err);
                assertEquals(o.toString(StandardCharsets.UTF_8), out, List.of(args).toString());
                assertEquals(e.toString(StandardCharsets.UTF_8), err, List.of(args).toString());
            }
            // stdin: what the client's stdin holds
            Process piped = nativeClient(f, client, repo, "write", "notes/piped", "--description", "d", "-").start();
            piped.getOutputStream().write("piped body\n".getBytes(StandardCharsets.UTF_8));
            piped.getOutputStream().close();
            assertEquals(0, piped.waitFor());
            assertEquals(true, f.client(repo, "", "show", "notes/piped").out().contains("piped body"));
            // Ctrl-C while the command waits for input: cancelled, nothing written, the server serves on
            Process waiting = nativeClient(f, client, repo, "write", "notes/cancelled", "--description", "d", "-").start();
            for (int i = 0; i < 1200 && !"1".equals(f.status().get("active")); i++) {
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(waiting.pid())).start().waitFor();
            assertEquals(true, waiting.waitFor(30, TimeUnit.SECONDS));
            assertEquals(130, waiting.exitValue());
            waiting.getOutputStream().close();
            TestRepo.Run show = f.client(repo, "", "show", "notes/cancelled");
            assertEquals(3, show.exit(), "the cancelled write did not happen: " + show);
        }
    }
}
