package dev.ctx.bench;

import dev.ctx.git.GitSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make bench}, the resident server's targets (issue 9): whole-process medians of ctx commands through
 * a warm server beside git doing the same and {@code java -version}, in one run; 8 client processes x 25
 * writes against {@code git add && git commit} under a lock; the client's own cost against a C and a shell
 * floor; a cold first command against the launcher without a server. Its own runtime folder and HOME: it
 * never touches the user's server, and stops the one it started. Prints figures; asserts nothing.
 *   ServerBench LAUNCHER [FILES]
 * The 8 x 25 writers alone, ROUNDS times (on a shared machine one round says little), optionally paired with a
 * second build's launcher in the same rounds (each build with its own server and runtime folder):
 *   BENCH_PART=writers [BENCH_ROUNDS=3] ServerBench LAUNCHER [FILES] [OTHER_LAUNCHER]
 */
public final class ServerBench {
    /** The size of the repository show, list, status and remember are measured on (as the figures were). */
    private static final int SMALL = 100;
    private static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "15"));
    /** Sequential writes that warm the server's write path before the 8 x 25 writers are timed. */
    private static final int WRITE_WARM_UP = 100;

    private final Path launcher;
    private final Map<String, String> env = new HashMap<>();

    private ServerBench(Path launcher, Path root) throws IOException {
        this.launcher = launcher;
        Path run = Files.createDirectories(root.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("HOME", Files.createDirectories(root.resolve("home")).toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("CTX_SERVER_IDLE", "30m");
        env.put("CTX_EMBED_WARM", "0"); // in-process fallbacks load the model themselves: no separate warm server left behind
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args.length > 0 ? args[0] : "target/bin/ctx").toAbsolutePath();
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        GitSetup.install(null);
        Path root = Files.createTempDirectory("ctx-server-bench");
        if ("writers".equals(System.getenv("BENCH_PART"))) {
            Path other = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : null;
            writersOnly(launcher, other, root, Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "3")));
            return;
        }
        ServerBench b = new ServerBench(launcher, root);
        try {
            b.all(root, files);
        } finally {
            b.ctx(root, "server", "stop");
        }
    }

    /**
     * The 8 x 25 part alone, {@code rounds} times in one repository: each round runs git's loop, then each build's
     * writers (alternating which build goes first), so every ratio compares figures of the same minute.
     */
    private static void writersOnly(Path launcher, Path other, Path root, int rounds) throws Exception {
        List<ServerBench> builds = new ArrayList<>(List.of(new ServerBench(launcher, root.resolve("a"))));
        if (other != null) {
            builds.add(new ServerBench(other, root.resolve("b")));
        }
        Path repo = WriteBench.generate(root.resolve("small"), SMALL);
        System.out.printf(Locale.ROOT, "8 x 25 writers, %d rounds; load %s%n", rounds, Files.readString(Path.of("/proc/loadavg")).trim());
        try {
            for (ServerBench b : builds) {
                b.ctx(repo, "list");
                b.awaitServer(repo);
                // A warm server, as an agent's session makes it: its write path compiled by the JIT before the rounds.
                for (int i = 0; i < WRITE_WARM_UP; i++) {
                    b.ctx(repo, "remember", "warm-up fact " + i, "--in", "notes/warm");
                }
            }
            for (int r = 0; r < rounds; r++) {
                double git = builds.get(0).gitWriters(repo, r);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d: git %.1f writes/s", r + 1, 200 / git));
                for (int k = 0; k < builds.size(); k++) {
                    ServerBench b = builds.get((k + r) % builds.size());
                    double secs = b.ctxWriters(repo, "r" + r + "-" + ((k + r) % builds.size()));
                    line.append(String.format(Locale.ROOT, "; %s %.1f writes/s (%.2fx git)", b.launcher, 200 / secs, git / secs));
                }
                System.out.println(line + "; load " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
            }
        } finally {
            for (ServerBench b : builds) {
                b.ctx(repo, "server", "stop");
            }
        }
    }

    private double ctxWriters(Path repo, String tag) throws Exception {
        return parallel(8, p -> List.of("bash", "-c", "for i in $(seq 1 25); do " + launcher
                + " remember \"writer " + p + " fact $i\" --in notes/writer-" + tag + "-" + p + " >/dev/null || exit 1; done"), repo);
    }

    private double gitWriters(Path repo, int round) throws Exception {
        return parallel(8, p -> List.of("bash", "-c", "for i in $(seq 1 25); do echo \"- git writer " + p + " fact $i\" >> git-writer-" + round + "-" + p
                + ".md; flock .git/bench.lock sh -c 'git add git-writer-" + round + "-" + p + ".md && git commit -qm \"git writer " + p + " $i\"' || exit 1; done"), repo);
    }

    private void all(Path root, int files) throws Exception {
        boolean nativeClient = Files.isExecutable(launcher.resolveSibling("ctx-client"));
        System.out.printf(Locale.ROOT, "ctx server benchmark: median (p50) of %d runs, ms, whole process; %d-file repository; client: %s; load %s%n",
                RUNS, files, nativeClient ? "native (ctx-client)" : "Java", Files.readString(Path.of("/proc/loadavg")).trim());
        Path repo = WriteBench.generate(root.resolve("repo"), files);
        long t0 = System.nanoTime();
        ctx(repo, "index", "update"); // in process (no server yet): BM25 and every vector, so searches below are hybrid
        System.out.printf(Locale.ROOT, "index with vectors built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        ctx(repo, "list");                // starts the server (this command ran in process)
        awaitServer(repo);
        for (int i = 0; i < 5; i++) {     // warm: repository, searcher and model open in the server
            ctx(repo, "show", "system/human");
            ctx(repo, "search", "fact about module 7");
        }
        Path small = WriteBench.generate(root.resolve("small"), SMALL);
        ctx(small, "list");
        warmCommands(small, repo);
        clientCost(small);
        writers(small);
        cold(small);
    }

    /** show, list, status, remember on a small repository; list, status and search at the full size. */
    private void warmCommands(Path small, Path big) throws Exception {
        Map<String, List<Double>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < RUNS; i++) {
            add(m, "java -version", time(small, "java", "-version"));
            add(m, "ctx show", time(small, launcher.toString(), "show", "topics/t001/note-00001"));
            add(m, "git show", time(small, "git", "show", "HEAD:topics/t001/note-00001.md"));
            add(m, "ctx list", time(small, launcher.toString(), "list"));
            add(m, "git ls-files", time(small, "git", "ls-files"));
            add(m, "ctx status", time(small, launcher.toString(), "status"));
            add(m, "git status", time(small, "git", "status", "--short"));
            add(m, "ctx remember", time(small, launcher.toString(), "remember", "server bench fact " + i, "--in", "notes/bench"));
            Path f = small.resolve("notes/git-bench.md");
            Files.writeString(f, (Files.exists(f) ? Files.readString(f) : "---\ndescription: git baseline\n---\n") + "- git fact " + i + "\n");
            add(m, "git add && git commit", time(small, "git", "add", "notes/git-bench.md")
                    + time(small, "git", "commit", "-q", "-m", "remember(notes/git-bench): git fact " + i));
        }
        for (int i = 0; i < RUNS; i++) {
            add(m, "ctx search (hybrid)", time(big, launcher.toString(), "search", "what do we know about module " + (i % 37)));
            add(m, "ctx search --mode bm25", time(big, launcher.toString(), "search", "--mode", "bm25", "fact " + i + " module"));
            add(m, "git grep", time(big, "git", "grep", "-q", "fact " + i + " about"));
            add(m, "ctx show (10k)", time(big, launcher.toString(), "show", "topics/t001/note-00001"));
            add(m, "ctx list (10k)", time(big, launcher.toString(), "list", "topics/t002"));
            add(m, "ctx status (10k)", time(big, launcher.toString(), "status"));
            add(m, "git show (10k)", time(big, "git", "show", "HEAD:topics/t001/note-00001.md"));
            add(m, "git ls-files (10k)", time(big, "git", "ls-files", "topics/t002"));
            add(m, "git status (10k)", time(big, "git", "status", "--short"));
        }
        double java = WriteBench.median(m.get("java -version"));
        System.out.printf(Locale.ROOT, "%n== with the server warm (target: p50 <= 100 ms and <= 3x java -version, which took %.1f ms here) ==%n", java);
        System.out.println("  small repository (" + SMALL + " files):");
        row(m, "ctx show", "git show", java);
        row(m, "ctx list", "git ls-files", java);
        row(m, "ctx status", "git status", java);
        row(m, "ctx remember", "git add && git commit", java);
        System.out.println("  the full repository:");
        row(m, "ctx search (hybrid)", "git grep", java);
        row(m, "ctx search --mode bm25", "git grep", java);
        row(m, "ctx show (10k)", "git show (10k)", java);
        row(m, "ctx list (10k)", "git ls-files (10k)", java);
        row(m, "ctx status (10k)", "git status (10k)", java);
    }

    private void clientCost(Path repo) throws Exception {
        String jar = jar();
        Map<String, List<Double>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < RUNS; i++) {
            add(m, "ctx --version (launcher)", time(repo, launcher.toString(), "--version"));
            add(m, "ctx --version (Java client)", time(repo, "java", "-XX:SharedArchiveFile=" + jar.replaceAll("\\.jar$", ".jsa"), "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar", jar, "--version"));
            add(m, "java -version", time(repo, "java", "-version"));
            add(m, "C floor (/bin/true)", time(repo, "/bin/true"));
            add(m, "shell floor (sh -c :)", time(repo, "/bin/sh", "-c", ":"));
        }
        System.out.printf(Locale.ROOT, "%n== the client's own cost (ctx --version through the server) ==%n");
        for (Map.Entry<String, List<Double>> e : m.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-32s %8.1f ms%n", e.getKey(), WriteBench.median(e.getValue()));
        }
    }

    /** 8 processes x 25 writes each into its own file: ctx through the server, and git add && commit under a lock. */
    private void writers(Path repo) throws Exception {
        int procs = 8;
        int each = 25;
        // The server warm for writes, as an agent's session leaves it: its write path compiled by the JIT first
        // (with only the 15 remembers above, the rate below moved with how much was still being compiled).
        for (int i = 0; i < WRITE_WARM_UP; i++) {
            ctx(repo, "remember", "warm-up fact " + i, "--in", "notes/warm");
        }
        double ctxSecs = parallel(procs, p -> List.of("bash", "-c", "for i in $(seq 1 " + each + "); do " + launcher
                + " remember \"writer " + p + " fact $i\" --in notes/writer-" + p + " >/dev/null || exit 1; done"), repo);
        double gitSecs = parallel(procs, p -> List.of("bash", "-c", "for i in $(seq 1 " + each + "); do echo \"- git writer " + p + " fact $i\" >> git-writer-" + p
                + ".md; flock .git/bench.lock sh -c 'git add git-writer-" + p + ".md && git commit -qm \"git writer " + p + " $i\"' || exit 1; done"), repo);
        int n = procs * each;
        System.out.printf(Locale.ROOT, "%n== %d processes x %d writes, each into its own file ==%n", procs, each);
        System.out.printf(Locale.ROOT, "  ctx remember through the server   %7.1f writes/s  (%d in %.1f s)%n", n / ctxSecs, n, ctxSecs);
        System.out.printf(Locale.ROOT, "  git add && git commit, flock      %7.1f writes/s  (%d in %.1f s)   ratio %.2fx of git's rate%n",
                n / gitSecs, n, gitSecs, gitSecs / ctxSecs);
    }

    /** The first command with no server running (it starts one for the next), against the launcher with none at all. */
    private void cold(Path repo) throws Exception {
        List<Double> first = new ArrayList<>();
        List<Double> noServer = new ArrayList<>();
        int runs = Math.min(RUNS, 10);
        for (int i = 0; i < runs; i++) {
            stopServer(repo);
            first.add(time(repo, launcher.toString(), "show", "system/human"));
            awaitServer(repo); // the one it started: up, then stopped, so it is not starting beside the next run
            stopServer(repo);
            noServer.add(timeEnv(repo, Map.of("CTX_NO_SERVER", "1"), launcher.toString(), "show", "system/human"));
        }
        System.out.printf(Locale.ROOT, "%n== cold: no server running (median of %d) ==%n", runs);
        double a = WriteBench.median(first);
        double b = WriteBench.median(noServer);
        System.out.printf(Locale.ROOT, "  %-44s %8.1f ms   vs %-28s %8.1f ms   ratio %.2fx%n", "first ctx show (starts a server)", a,
                "launcher in process (CTX_NO_SERVER=1, as before the server)", b, a / b);
    }

    private void stopServer(Path repo) throws Exception {
        ctx(repo, "server", "stop");
        for (int i = 0; i < 200; i++) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "server", "status").directory(repo.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 3 && !lockHeld()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The server holds its lock until it has left; a starting server holds it before it answers. */
    private boolean lockHeld() throws IOException {
        Path lock = Path.of(env.get("XDG_RUNTIME_DIR"), "ctx", "server.lock");
        if (!Files.exists(lock)) {
            return false;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock l = ch.tryLock();
            if (l != null) {
                l.release();
                return false;
            }
            return true;
        }
    }

    private void awaitServer(Path repo) throws Exception {
        for (int i = 0; i < 600; i++) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "server", "status").directory(repo.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start");
    }

    private double parallel(int procs, java.util.function.IntFunction<List<String>> cmd, Path repo) throws Exception {
        List<Process> ps = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int p = 0; p < procs; p++) {
            ProcessBuilder pb = new ProcessBuilder(cmd.apply(p)).directory(repo.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("GIT_AUTHOR_NAME", "bench");
            pb.environment().put("GIT_AUTHOR_EMAIL", "bench@example.com");
            pb.environment().put("GIT_COMMITTER_NAME", "bench");
            pb.environment().put("GIT_COMMITTER_EMAIL", "bench@example.com");
            ps.add(pb.start());
        }
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("a writer failed: " + out);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private String jar() throws IOException {
        return Files.readAllLines(launcher).stream().filter(l -> l.startsWith("JAR=")).findFirst().orElseThrow().replaceAll("JAR=\"(.*)\"", "$1");
    }

    private static void add(Map<String, List<Double>> m, String k, double v) {
        m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    private static void row(Map<String, List<Double>> m, String what, String base, double java) {
        double a = WriteBench.median(m.get(what));
        double b = WriteBench.median(m.get(base));
        System.out.printf(Locale.ROOT, "  %-24s %7.1f ms   vs %-22s %7.1f ms  ratio %5.1fx   %.2fx java -version   %s%n",
                what, a, base, b, a / b, a / java, a <= 100 && a <= 3 * java ? "meets target" : "misses target");
    }

    private void ctx(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        p.waitFor();
    }

    private double time(Path cwd, String... cmd) throws Exception {
        return timeEnv(cwd, Map.of(), cmd);
    }

    private double timeEnv(Path cwd, Map<String, String> extra, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        int code = p.waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + code);
        }
        return ms;
    }

}
