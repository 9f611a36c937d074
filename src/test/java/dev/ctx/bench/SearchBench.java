package dev.ctx.bench;

import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.index.Embedder;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.UpdateStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scale benchmark: a generated context repository (10,000 memory files and 100,000 recall turns by
 * default; {@code BENCH_FILES} / {@code BENCH_TURNS} for a smoke run), built as git trees in memory in
 * batches. Measures full builds (BM25 only, then with embeddings), one-file incremental updates, warm
 * query latency per mode, whole {@code ctx search} processes, index size and peak memory, and
 * {@code git grep} over the same content as the baseline.
 *
 * <p>Usage: {@code SearchBench [path/to/ctx.jar]}.
 */
public final class SearchBench {
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "da", "gu", "ze", "bri", "tor",
        "an", "el", "is", "om", "ul", "fa", "qui", "sta", "ren", "dol", "mar", "vin", "cel", "pro", "gan", "lit"};
    private static final String[] COMMON = ("the build test release deploy config cache index search memory agent session "
            + "database schema migration error retry timeout network service client server token secret user team review "
            + "commit branch merge rebase docker image cluster queue worker job metric alert log trace latency budget").split(" ");

    private final Random random = new Random(42);
    private final String[] vocabulary;
    private final double[] cumulative;

    private SearchBench(int words) {
        vocabulary = new String[words];
        for (int i = 0; i < words; i++) {
            if (i < COMMON.length) {
                vocabulary[i] = COMMON[i];
                continue;
            }
            StringBuilder w = new StringBuilder();
            int n = 2 + random.nextInt(3);
            for (int s = 0; s < n; s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            vocabulary[i] = w.toString();
        }
        cumulative = new double[words];
        double sum = 0;
        for (int i = 0; i < words; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < words; i++) {
            cumulative[i] /= sum;
        }
    }

    private String word() {
        int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[Math.min(vocabulary.length - 1, i < 0 ? -i - 1 : i)];
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(word());
        }
        return sb.toString();
    }

    private String memoryFile(int i) {
        StringBuilder sb = new StringBuilder("---\ndescription: ").append(words(8)).append("\n---\n");
        for (int s = 0; s < 3; s++) {
            sb.append("## ").append(words(3)).append("\n\n").append(words(30)).append(".\n\n").append(words(25)).append(".\n\n");
        }
        if (i % 10 == 0) {
            sb.append("```bash\nmake ").append(word()).append(" --").append(word()).append("\n```\n");
        }
        return sb.toString();
    }

    /** Salts edits per run, so that an embedding cache kept between runs (BENCH_EMBED_CACHE) never answers for them. */
    private final String salt = "run" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    /** A memory file as {@link #memoryFile} makes it, every paragraph new to the model. */
    private String editedFile(int i) {
        return memoryFile(i).replace(".\n\n", " " + salt + ".\n\n");
    }

    private String recallFile(int session, int turns, Instant start) {
        StringBuilder sb = new StringBuilder("# Session ").append(session).append("\n\n");
        for (int t = 0; t < turns; t++) {
            sb.append("## ").append(start.plusSeconds(60L * t)).append(t % 2 == 0 ? " user" : " assistant").append("\n\n")
                    .append(words(20 + random.nextInt(30))).append(".\n\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        int files = env("BENCH_FILES", 10_000);
        int turns = env("BENCH_TURNS", 100_000);
        int queries = env("BENCH_QUERIES", 200);
        int cliRuns = env("BENCH_CLI_RUNS", 10);
        String jar = Path.of(args.length > 0 ? args[0] : "target/ctx.jar").toAbsolutePath().toString();
        Path dir = System.getenv("BENCH_DIR") != null ? Path.of(System.getenv("BENCH_DIR")) : Files.createTempDirectory("ctx-bench-");
        SearchBench g = new SearchBench(20_000);
        System.out.printf(Locale.ROOT, "search benchmark: %d memory files, %d recall turns, in %s%n", files, turns, dir);

        // BENCH_REUSE=1 with the BENCH_DIR of an earlier full run: measure queries and updates again on its
        // index (vectors and all) without building anything; the generator replays to draw the same queries.
        boolean reuse = "1".equals(System.getenv("BENCH_REUSE")) && System.getenv("BENCH_DIR") != null;
        long t0 = System.nanoTime();
        GitRepo git = reuse ? GitRepo.open(dir) : GitRepo.init(dir, "main");
        String tip = g.generate(reuse ? null : git, files, turns);
        if (reuse) {
            tip = git.tip();
            System.out.printf(Locale.ROOT, "reusing the repository and index in %s at %s%n%n", dir, tip.substring(0, 10));
        } else {
            System.out.printf(Locale.ROOT, "generated in %.1f s (%d commits of up to 1000 files)%n%n", secs(t0), (files + turns / 100) / 1000 + 2);
        }

        List<String> qs = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            qs.add(g.vocabulary[50 + g.random.nextInt(3000)] + " " + g.vocabulary[50 + g.random.nextInt(3000)]
                    + (i % 2 == 0 ? " " + g.word() : ""));
        }

        System.out.println("== git grep baseline (whole process, OR of the query words, over HEAD)");
        report("git grep", time(Math.min(cliRuns, qs.size()), i -> run(dir, "git", "grep", "-l", "-i", "-F", "-e", qs.get(i).split(" ")[0],
                "-e", qs.get(i).split(" ")[1], "HEAD")));

        System.out.println("\n== BM25 only");
        // A warm in-process index, as a long-running process (MCP server, warm daemon) keeps it.
        // Window vectors as ctx.yaml would have them (BENCH_WINDOW: derived, the default, embedded or off).
        LuceneSearchIndex.Options opts = LuceneSearchIndex.Options.defaults().withWriterIdle(java.time.Duration.ofSeconds(1))
                .withWindowVectors(dev.ctx.index.WindowVectors.parse(System.getenv("BENCH_WINDOW")));
        if (!reuse) {
            tip = g.phase(git, dir, null, opts, qs, tip, List.of(SearchMode.BM25), false);
        }

        System.out.println("\n== ctx search as a whole process (" + String.join(" ", ctxCommand(jar)) + ", BM25 index already current)");
        if (reuse) {
            System.out.println("  (skipped: reusing an index with vectors)");
        } else if (Files.exists(Path.of(jar))) {
            List<Double> rss = new ArrayList<>();
            report("ctx search", time(cliRuns, i -> {
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSS %M"));
                cmd.addAll(ctxCommand(jar));
                cmd.addAll(List.of("--repo", dir.toString(), "search", qs.get(i)));
                String out = run(dir, cmd.toArray(String[]::new));
                int at = out.lastIndexOf("RSS ");
                if (at >= 0) {
                    rss.add(Double.parseDouble(out.substring(at + 4).trim()) / 1024);
                }
            }));
            rss.stream().mapToDouble(Double::doubleValue).max().ifPresent(m -> System.out.printf(Locale.ROOT, "  ctx search peak RSS %.0f MB%n", m));
        } else {
            System.out.println("  (skipped: no " + jar + "; run 'make build')");
        }

        System.out.println("\n== with embeddings (" + embedderName() + ")");
        try (Embedder e = embedder()) {
            tip = g.phase(git, dir, e, opts, qs, tip, List.of(SearchMode.BM25, SearchMode.VECTOR, SearchMode.HYBRID), reuse);
        }
        if (Files.exists(Path.of(jar))) {
            // The index now holds the builtin model's vectors: switch the repository to it, then time whole
            // `ctx search` processes (hybrid by default), embedding the query in-process and via the warm server.
            tip = commit(git, tip, Map.of("ctx.yaml", BUILTIN.getBytes(StandardCharsets.UTF_8)), "embeddings on");
            System.out.println("\n== ctx search as a whole process, hybrid (" + String.join(" ", ctxCommand(jar)) + ")");
            for (String warm : List.of("0", "1")) {
                List<String> base = new ArrayList<>(List.of("env", "CTX_EMBED_WARM=" + warm));
                base.addAll(ctxCommand(jar));
                base.addAll(List.of("--repo", dir.toString(), "search"));
                List<String> first = new ArrayList<>(base);
                first.add(qs.get(0));
                run(dir, first.toArray(String[]::new)); // catch-up and, when warm, starting the server
                report(warm.equals("0") ? "cold: model loaded in the process" : "warm: query embedded by the warm server",
                        time(cliRuns, i -> {
                            List<String> c = new ArrayList<>(base);
                            c.add(qs.get(i + 1));
                            run(dir, c.toArray(String[]::new));
                        }));
            }
            // The warm runs started the resident ctx for this repository: stop it with the repository, not 15 minutes later.
            List<String> stop = new ArrayList<>(ctxCommand(jar));
            stop.addAll(List.of("--repo", dir.toString(), "server", "stop"));
            run(dir, stop.toArray(String[]::new));
        }
        System.out.printf(Locale.ROOT, "%npeak memory of this process: RSS %d MB (VmHWM), heap pools peak %d MB%n", vmHwmMb(), heapPeakMb());
        git.close();
        if (System.getenv("BENCH_DIR") == null) {
            delete(dir);
        }
    }

    /** The embedding model for the embedding phase: the one line to point at the real model when it lands. */
    static Embedder embedder() {
        return BenchEmbedder.real();
    }

    static String embedderName() {
        try (Embedder e = embedder()) {
            return e.modelId();
        }
    }

    /** Builds from clean, measures queries and one-file incremental updates; returns the new tip. */
    private String phase(GitRepo git, Path dir, Embedder e, LuceneSearchIndex.Options opts, List<String> qs, String tip,
                         List<SearchMode> modes, boolean reuse) throws Exception {
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(git, e, opts)) {
            long t0 = System.nanoTime();
            // The build (or catch-up) alone, as a search's catch-up does it: the merge into one segment that
            // update() and rebuild() add after a large write is timed separately, and measured against.
            UpdateStats s = idx.catchUpNow();
            double secs = secs(t0);
            IndexStatus st = idx.status();
            if (reuse) {
                System.out.printf(Locale.ROOT, "reused: %d files, %d chunks (%s); caught up in %.1f s; index %.1f MB; RSS so far %d MB%n",
                        st.files(), st.chunks(), st.modelId(), secs, st.bytes() / 1e6, vmHwmMb());
            } else {
                System.out.printf(Locale.ROOT, "full build: %.1f s, %d files, %d chunks, %.0f chunks/s, %d embedded; index %.1f MB; RSS so far %d MB%n",
                        secs, s.filesIndexed(), s.chunksWritten(), s.chunksWritten() / secs, s.chunksEmbedded(), st.bytes() / 1e6, vmHwmMb());
            }
            System.out.printf(Locale.ROOT, "index segments: %d%n", idx.status().segments());
            if (e != null && idx.status().segments() > 1) {
                // The same-run baseline of the merge: the index as the build left it.
                for (SearchMode m : List.of(SearchMode.VECTOR, SearchMode.HYBRID)) {
                    for (int i = 0; i < Math.min(50, qs.size()); i++) {
                        idx.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false));
                    }
                    report("warm " + m.label() + " k=10, as built (" + idx.status().segments() + " segments)", time(qs.size(),
                            i -> idx.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false))));
                }
            }
            long m0 = System.nanoTime();
            int merged = idx.compact();
            System.out.printf(Locale.ROOT, "merge after the build (as update, rebuild and the background fill do): %s; index segments now %d%n",
                    merged == 0 ? "not due" : merged + " segments into one in " + String.format(Locale.ROOT, "%.1f s", secs(m0)), idx.status().segments());
            for (SearchMode m : modes) {
                for (int i = 0; i < Math.min(50, qs.size()); i++) {
                    idx.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false));
                }
                report("warm " + m.label() + " k=10", time(qs.size(), i -> idx.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false))));
            }
            if (e != null && opts.searchThreads() > 1) {
                // The baseline in the same run: segments searched one after the other on the caller's thread.
                try (LuceneSearchIndex one = LuceneSearchIndex.open(git, e, opts.withSearchThreads(1))) {
                    for (SearchMode m : List.of(SearchMode.VECTOR, SearchMode.HYBRID)) {
                        for (int i = 0; i < Math.min(50, qs.size()); i++) {
                            one.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false));
                        }
                        report("warm " + m.label() + " k=10, segments one by one", time(qs.size(),
                                i -> one.search(new SearchRequest(qs.get(i), m, java.util.Set.of(), null, null, 10, false))));
                    }
                }
            }
            List<Double> update = new ArrayList<>();
            List<Double> searchAfter = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String path = "notes/area" + (i % 50) + "/topic" + i + ".md";
                tip = commit(git, tip, Map.of(path, editedFile(i).getBytes(StandardCharsets.UTF_8)), "edit " + path);
                long u0 = System.nanoTime();
                UpdateStats u = idx.update();
                update.add((System.nanoTime() - u0) / 1e6);
                if (u.filesIndexed() != 1 || u.rebuilt()) {
                    throw new IllegalStateException("expected a one-file update, got " + u);
                }
                tip = commit(git, tip, Map.of(path, editedFile(i + 1000).getBytes(StandardCharsets.UTF_8)), "edit " + path);
                long q0 = System.nanoTime();
                idx.search(SearchRequest.of(qs.get(i)).withMode(modes.get(modes.size() - 1)));
                searchAfter.add((System.nanoTime() - q0) / 1e6);
            }
            report("incremental update, one-file commit" + (e == null ? "" : " (embedding inline)"), update);
            report("search right after a one-file commit (" + modes.get(modes.size() - 1).label() + ")", searchAfter);
            System.out.printf(Locale.ROOT, "index after updates: %.1f MB%n", idx.status().bytes() / 1e6);
        }
        if (e != null) {
            tip = deferred(git, e, opts, qs, tip);
        }
        return tip;
    }

    /**
     * The search path as the CLI runs it: a catch-up that writes new text for BM25 and leaves its vectors
     * pending, then the vectors filled in off the query path ({@code embedPending}, which the CLI runs in
     * a background process).
     */
    private String deferred(GitRepo git, Embedder e, LuceneSearchIndex.Options opts, List<String> qs, String tip) throws Exception {
        List<Double> catchUp = new ArrayList<>();
        List<Double> searchAfter = new ArrayList<>();
        List<Double> fill = new ArrayList<>();
        try (LuceneSearchIndex idx = LuceneSearchIndex.open(git, e, opts.withDeferEmbedding(true))) {
            idx.update();
            for (int i = 0; i < 7; i++) {
                String path = "notes/area" + (i % 50) + "/topic" + (100 + i) + ".md";
                tip = commit(git, tip, Map.of(path, editedFile(i + 2000).getBytes(StandardCharsets.UTF_8)), "edit " + path);
                long u0 = System.nanoTime();
                UpdateStats u = idx.catchUpNow();
                catchUp.add((System.nanoTime() - u0) / 1e6);
                if (u.filesIndexed() != 1 || u.chunksEmbedded() != 0) {
                    throw new IllegalStateException("expected a one-file update that embeds nothing, got " + u);
                }
                long f0 = System.nanoTime();
                int n = idx.embedPending();
                fill.add((System.nanoTime() - f0) / 1e6);
                if (n == 0) {
                    throw new IllegalStateException("expected pending vectors after " + u);
                }
                tip = commit(git, tip, Map.of(path, editedFile(i + 3000).getBytes(StandardCharsets.UTF_8)), "edit " + path);
                long q0 = System.nanoTime();
                idx.search(SearchRequest.of(qs.get(i)).withMode(SearchMode.HYBRID));
                searchAfter.add((System.nanoTime() - q0) / 1e6);
                idx.embedPending();
            }
        }
        report("incremental update, one-file commit (vectors deferred)", catchUp);
        report("  then its vectors, off the query path", fill);
        report("search right after a one-file commit (hybrid, deferred)", searchAfter);
        return tip;
    }

    private static final String BM25_ONLY = "format: 1\nsearch:\n  embeddings:\n    provider: none\n";
    private static final String BUILTIN = "format: 1\nsearch:\n  embeddings:\n    provider: builtin\n";

    /** The product's launcher (CDS archive, tuned flags) when built, else plain java -jar. */
    private static List<String> ctxCommand(String jar) {
        Path launcher = Path.of(jar).toAbsolutePath().getParent().resolve("bin/ctx");
        return Files.isExecutable(launcher) ? List.of(launcher.toString()) : List.of("java", "-jar", jar);
    }

    /** Generates the content and commits it in batches; with no repository, only draws the same random numbers. */
    private String generate(GitRepo git, int files, int turns) throws Exception {
        // BM25 only until the embedding phase: a CLI search must not start embedding the whole index.
        String tip = git == null ? null : commit(git, null, Map.of("ctx.yaml", BM25_ONLY.getBytes(StandardCharsets.UTF_8)), "init");
        Map<String, byte[]> batch = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            batch.put("notes/area" + (i % 50) + "/topic" + i + ".md", memoryFile(i).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 1000) {
                tip = git == null ? tip : commit(git, tip, batch, "memory batch");
                batch.clear();
            }
        }
        Instant start = Instant.parse("2026-01-01T09:00:00Z");
        int perFile = 100;
        for (int s = 0; s * perFile < turns; s++) {
            int n = Math.min(perFile, turns - s * perFile);
            batch.put("recall/2026/session-" + s + ".md", recallFile(s, n, start.plusSeconds(3600L * s)).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == 1000) {
                tip = git == null ? tip : commit(git, tip, batch, "recall batch");
                batch.clear();
            }
        }
        if (!batch.isEmpty() && git != null) {
            tip = commit(git, tip, batch, "last batch");
        }
        return tip;
    }

    private static String commit(GitRepo git, String parent, Map<String, byte[]> edits, String message) throws Exception {
        Identity who = new Identity("bench", "bench@ctx", Instant.now());
        String c = git.commit(parent, edits, who, who, message);
        git.compareAndSwap(parent, c, message);
        return c;
    }

    interface Step {
        void run(int i) throws Exception;
    }

    private static List<Double> time(int n, Step step) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run(i);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    private static void report(String what, List<Double> ms) {
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-45s n=%-4d p50 %8.2f ms   p95 %8.2f ms   max %8.2f ms%n", what, s.length,
                Tally.percentile(s, 50), Tally.percentile(s, 95), s.length == 0 ? 0 : s[s.length - 1]);
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return out;
    }

    private static long vmHwmMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private static long heapPeakMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static int env(String name, int def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
