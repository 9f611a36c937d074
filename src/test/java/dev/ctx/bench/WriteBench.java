package dev.ctx.bench;

import dev.ctx.git.GitSetup;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Init;
import dev.ctx.store.Ops;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code make bench}: whole-process latency of ctx commands next to the git CLI doing the same change, start-up
 * with and without the class-data sharing archive, and in-process write throughput with 1 and 8 writers.
 * Prints figures; asserts nothing (machines are noisy: compare the ratios within one run).
 */
public final class WriteBench {
    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args.length > 0 ? args[0] : "target/bin/ctx").toAbsolutePath();
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        GitSetup.install(null);
        Path root = Files.createTempDirectory("ctx-bench");
        System.out.printf(Locale.ROOT, "ctx write benchmark (median of %d runs, ms; 2-core machine, noisy: compare ratios)%n%n", RUNS);
        startup(launcher, root);
        for (int n : sizes) {
            Path repo = generate(root.resolve("repo-" + n), n);
            System.out.printf(Locale.ROOT, "%n== repository of %,d memory files ==%n", n);
            List<Double> remember = new ArrayList<>();
            List<Double> gitCommit = new ArrayList<>();
            List<Double> show = new ArrayList<>();
            List<Double> gitShow = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                remember.add(time(repo, launcher.toString(), "remember", "benchmark fact " + i, "--in", "notes/bench"));
                Path f = repo.resolve("notes/git-bench.md");
                Files.writeString(f, (Files.exists(f) ? Files.readString(f) : "---\ndescription: git baseline\n---\n") + "- git fact " + i + "\n");
                // the git CLI doing the same change: stage the one file and commit it
                gitCommit.add(time(repo, "git", "add", "notes/git-bench.md")
                        + time(repo, "git", "commit", "-q", "-m", "remember(notes/git-bench): git fact " + i));
                show.add(time(repo, launcher.toString(), "show", "notes/bench"));
                gitShow.add(time(repo, "git", "show", "HEAD:notes/bench.md"));
            }
            row("ctx remember (whole process)", remember, gitCommit, "git commit of the same change");
            row("ctx show (whole process)", show, gitShow, "git show HEAD:path");
            throughput(repo);
        }
    }

    private static void startup(Path launcher, Path root) throws Exception {
        Path repo = root.resolve("startup");
        run(root, launcher.toString(), "init", repo.toString());
        String jar = Files.readAllLines(launcher).stream().filter(l -> l.startsWith("JAR=")).findFirst().orElseThrow().replaceAll("JAR=\"(.*)\"", "$1");
        List<Double> version = new ArrayList<>();
        List<Double> versionCold = new ArrayList<>();
        List<Double> show = new ArrayList<>();
        List<Double> showCold = new ArrayList<>();
        List<Double> git = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            version.add(time(repo, launcher.toString(), "--version"));
            versionCold.add(time(repo, "java", "-jar", jar, "--version"));
            show.add(time(repo, launcher.toString(), "show", "system/human"));
            showCold.add(time(repo, "java", "-jar", jar, "show", "system/human"));
            git.add(time(repo, "git", "--version"));
        }
        System.out.println("== start-up ==");
        row("ctx --version, launcher (CDS archive, C1)", version, versionCold, "plain java -jar");
        row("ctx show, launcher (CDS archive, C1)", show, showCold, "plain java -jar");
        System.out.printf(Locale.ROOT, "  %-44s %8.1f ms   (the floor: a native binary)%n", "git --version", median(git));
    }

    private static void throughput(Path repo) throws Exception {
        for (int writers : new int[] {1, 8}) {
            AtomicInteger done = new AtomicInteger();
            long end = System.nanoTime() + 4_000_000_000L;
            List<Thread> ts = new ArrayList<>();
            long start = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    try (ContextStore s = ContextStore.open(repo, Clock.systemUTC())) {
                        for (int i = 0; System.nanoTime() < end; i++) {
                            s.apply(new Ops.Remember(RepoPath.of("notes/tp" + writers + "-" + (id % 2) + "-" + (i / 40) + ".md"), "writer " + id + " fact " + i + " " + writers, "throughput"),
                                    Provenance.of("bench" + id, null, null));
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                ts.add(t);
            }
            for (Thread t : ts) {
                t.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  in-process writes/s, %d writer%s: %8.1f  (%d commits in %.1f s)%n", writers, writers == 1 ? " " : "s",
                    done.get() / secs, done.get(), secs);
        }
    }

    static Path generate(Path repo, int n) throws Exception {
        try (ContextStore s = Init.create(repo, Provenance.of("bench", null, null), Clock.systemUTC())) {
            // files written directly, committed once by git: generation is not what is measured
        }
        for (int i = 0; i < n; i++) {
            Path f = repo.resolve(String.format(Locale.ROOT, "topics/t%03d/note-%05d.md", i % 100, i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, "---\ndescription: generated note " + i + "\n---\n- fact " + i + " about module " + (i % 37) + "\n", StandardCharsets.UTF_8);
        }
        run(repo, "git", "add", "-A");
        run(repo, "git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "generate " + n + " files");
        run(repo, "git", "config", "user.name", "bench");
        run(repo, "git", "config", "user.email", "bench@example.com");
        return repo;
    }

    private static void row(String what, List<Double> ms, List<Double> base, String baseName) {
        double a = median(ms);
        double b = median(base);
        System.out.printf(Locale.ROOT, "  %-44s %8.1f ms   vs %-32s %8.1f ms   ratio %.1fx%n", what, a, baseName, b, a / b);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static double time(Path cwd, String... cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(cwd, cmd);
        return (System.nanoTime() - t0) / 1e6;
    }

    static void run(Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
