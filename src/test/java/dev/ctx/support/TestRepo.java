package dev.ctx.support;

import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An isolated place to run ctx in tests: its own temp folder, HOME, fixed clock and streams; JGit reads
 * no user or system git config in-process ({@link IsolatedGit}) and the processes it starts get this HOME. Runs the CLI in-process ({@link #ctx}) or as a real process ({@link #process}).
 */
public final class TestRepo {
    public static final Instant EPOCH = Instant.parse("2026-01-15T10:00:00Z");

    public final Path dir;
    public final Path home;
    public Clock clock = Clock.fixed(EPOCH, ZoneOffset.UTC);
    public final Map<String, String> env = new HashMap<>();

    public TestRepo(Path tmp) throws IOException {
        this.dir = Files.createDirectories(tmp.resolve("work"));
        this.home = Files.createDirectories(tmp.resolve("home"));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        // Tests that search embed in-process, before searching; none starts a background warm server or
        // background embedder unless it asks for one.
        env.put("CTX_EMBED_WARM", "0");
        env.put("CTX_EMBED_BACKGROUND", "0");
        // Processes run in process too: no test reaches (or starts) a resident server unless it asks for one.
        env.put("CTX_NO_SERVER", "1");
    }

    /** Result of one CLI run. */
    public record Run(int exit, String out, String err) {
        public String toString() {
            return "exit=" + exit + "\nout=" + out + "\nerr=" + err;
        }
    }

    public Run ctx(String... args) {
        return ctxIn(dir, "", args);
    }

    /** {@link #ctx}, failing the test unless the command exits 0. */
    public Run ok(String... args) {
        Run r = ctx(args);
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    /** {@link #ctx} on another repository than CTX_REPO's: {@code --repo repo args...}. */
    public Run inRepo(Path repo, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ctx(all);
    }

    /** {@link #inRepo}, failing the test unless the command exits 0. */
    public Run okInRepo(Path repo, String... args) {
        Run r = inRepo(repo, args);
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    public Run ctxIn(Path cwd, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        Env e = new Env(cwd, env, in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        int code = new Cli(e).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts {@code ctx args...} as a separate JVM with this repo's HOME; the caller waits and reads. */
    public Process process(Path cwd, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand("dev.ctx.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Starts a test entry point ({@code WriterProcess}, {@code SearcherProcess}) as its own JVM with this repo's environment. */
    public Process start(Class<?> main, ProcessBuilder.Redirect stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand(main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Every line the process prints on stdout, read until it closes it. */
    public static List<String> lines(Process p) throws IOException {
        List<String> out = new ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    /** The java command line running {@code mainClass} on the test classpath (target/classes and dependencies). */
    public static List<String> javaCommand(String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), mainClass);
    }

    /** Runs the git CLI (only tests use it: ctx itself never needs a git binary). */
    public String git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("GIT_AUTHOR_NAME", "person");
        pb.environment().put("GIT_AUTHOR_EMAIL", "person@example.com");
        pb.environment().put("GIT_COMMITTER_NAME", "person");
        pb.environment().put("GIT_COMMITTER_EMAIL", "person@example.com");
        Process p = pb.start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + s);
        }
        return s;
    }

    /**
     * Asserts {@code git fsck --full --strict} finds nothing wrong. Dangling objects are expected (a commit
     * built for a write that lost its compare-and-swap race is never published) and are not corruption.
     */
    public void assertFsckClean(Path repo) throws IOException, InterruptedException {
        String out = git(repo, "fsck", "--full", "--strict", "--no-dangling", "--no-progress");
        if (!out.isBlank()) {
            throw new AssertionError("git fsck reported: " + out);
        }
    }

    public Path init() {
        Run r = ctx("init", "mem");
        if (r.exit() != 0) {
            throw new IllegalStateException(r.toString());
        }
        return dir.resolve("mem");
    }
}
