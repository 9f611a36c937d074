package dev.ctx.bench;

import dev.ctx.app.Ctx;
import dev.ctx.history.Facts;
import dev.ctx.model.DreamReport;
import dev.ctx.model.DreamRequest;
import dev.ctx.model.Kind;
import dev.ctx.model.PassReport;
import dev.ctx.model.Provenance;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.support.IsolatedGit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code make bench-dream}: a generated messy repository (a few thousand facts; exact and near duplicates
 * within and across files, files over their limit, an over-budget system/, missing descriptions, superseded
 * facts) before and after one deterministic dream: facts lost (must be 0), duplicates left, files over
 * limit, pinned context size, recall of the file that answers a question (BM25, top 5; must not drop), and
 * the dream's wall time. FACTS=N sets the number of distinct facts (default 3000).
 */
public final class DreamBench {
    private static final Pattern REMOVAL = Pattern.compile("^- (duplicate|superseded) in \\S+, (?:kept in|moved to) \\S+: (.*)$", Pattern.MULTILINE);

    private DreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int facts = Integer.parseInt(System.getenv().getOrDefault("FACTS", "3000"));
        Path tmp = Files.createTempDirectory("ctx-bench-dream");
        Path home = Files.createDirectories(tmp.resolve("home"));
        IsolatedGit.install(home);
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
        Path repo = tmp.resolve("mem");
        Ctx.init(repo, Provenance.of("bench", null, null), clock).close();
        List<String[]> questions = generate(repo, facts, new Random(14));
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "a messy memory");
        try (Ctx ctx = Ctx.open(repo, clock, Map.of("HOME", home.toString()))) {
            Figures before = measure(ctx, repo, questions);
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            DreamReport r = ctx.dream(new DreamRequest(List.of(), false, null, false, null, false, false, Provenance.of("bench", null, null)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            Figures after = measure(ctx, repo, questions);
            String log = git(repo, "log", "--format=%B", r.base() + "..HEAD");
            Set<String> named = new HashSet<>();
            Matcher m = REMOVAL.matcher(log);
            while (m.find()) {
                named.add(m.group(2).strip());
            }
            int lost = 0;
            for (String f : before.facts) {
                if (!after.facts.contains(f) && !named.contains(f)) {
                    lost++;
                }
            }
            System.out.println("dream " + r.id() + ": " + r.outcome().kind() + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                    + " (" + facts + " distinct facts generated, " + before.factCount + " fact lines)");
            if (r.outcome() instanceof dev.ctx.model.DreamOutcome.Failed f) {
                System.out.println("  failed in " + f.phase() + ": " + f.reason());
            }
            for (PassReport p : r.passes()) {
                System.out.println("  " + p.pass() + ": " + p.status() + " " + (p.summary() == null ? "" : p.summary()) + (p.reason() == null ? "" : " [" + p.reason() + "]"));
            }
            System.out.println("| figure | before | after |");
            System.out.println("|---|---:|---:|");
            System.out.println("| facts lost (must be 0) | | " + lost + " |");
            System.out.println("| exact duplicate facts | " + before.exactDups + " | " + after.exactDups + " |");
            System.out.println("| files over their limit | " + before.overLimit + " | " + after.overLimit + " |");
            System.out.println("| files without description | " + before.undescribed + " | " + after.undescribed + " |");
            System.out.println("| pinned context (system/ characters; budget 20000) | " + before.systemChars + " | " + after.systemChars + " |");
            System.out.println(String.format(Locale.ROOT, "| recall@5 of the answering file, %d questions (BM25) | %.3f | %.3f |",
                    questions.size(), before.recall, after.recall));
            System.out.println(String.format(Locale.ROOT, "| dream wall time (its thread's CPU time) | | %.1f s (%.1f s) |", seconds, cpuSeconds));
            System.out.println("load average while it ran: " + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (lost > 0 || after.recall < before.recall) {
                System.out.println("FAILED: facts lost or recall dropped");
                System.exit(1);
            }
        }
    }

    /** Writes the mess; returns questions as (query, the token that names the fact's subject). */
    private static List<String[]> generate(Path repo, int facts, Random rnd) throws Exception {
        String[] verbs = {"listens on port", "stores its data in", "is owned by team", "deploys with", "logs to", "retries failed calls", "is configured by"};
        String[] objects = {"postgres", "redis", "kafka", "helm charts", "the platform team", "s3 bucket", "env variables", "a yaml file", "grafana"};
        int topics = Math.max(10, facts / 40);
        List<List<String>> files = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            files.add(new ArrayList<>());
        }
        List<String[]> questions = new ArrayList<>();
        for (int i = 0; i < facts; i++) {
            String subject = "svc" + i;
            String verb = verbs[rnd.nextInt(verbs.length)];
            String fact = "The " + subject + " service " + verb + " " + (verb.contains("port") ? String.valueOf(8000 + i) : objects[rnd.nextInt(objects.length)]);
            int f = rnd.nextInt(topics);
            files.get(f).add("- " + fact);
            double dice = rnd.nextDouble();
            if (dice < 0.08) {
                files.get(rnd.nextInt(topics)).add("- " + fact.toLowerCase(Locale.ROOT)); // exact duplicate (case aside), anywhere
            } else if (dice < 0.14) {
                files.get(rnd.nextInt(topics)).add("- " + fact + " in production"); // near duplicate that says more
            } else if (dice < 0.16) {
                files.get(f).add("- ~~The " + subject + " service used to run on bare metal~~");
            }
            if (i % 30 == 0) {
                questions.add(new String[] {subject + " service " + verb.split(" ")[0], subject});
            }
        }
        int systemFiles = Math.min(12, topics / 2);
        for (int t = 0; t < topics; t++) {
            String dir = t < systemFiles ? "system/topics/" : "topics/";
            boolean undescribed = t % 9 == 4;
            StringBuilder sb = new StringBuilder();
            if (!undescribed) {
                sb.append("---\ndescription: Services of area ").append(t).append("\n---\n");
            }
            List<String> lines = files.get(t);
            boolean sections = t % 3 == 0;
            for (int i = 0; i < lines.size(); i++) {
                if (sections && i % 15 == 0) {
                    sb.append("\n## Group ").append(i / 15 + 1).append("\n\n");
                }
                sb.append(lines.get(i)).append('\n');
            }
            if (t % 7 == 1) {
                for (int k = 0; k < 60; k++) { // padding that pushes the file over its limit
                    sb.append("- Area ").append(t).append(" runbook step ").append(k).append(": check dashboards and page the on-call engineer\n");
                }
            }
            Path p = repo.resolve(dir + "area-" + t + ".md");
            Files.createDirectories(p.getParent());
            Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        }
        return questions;
    }

    private record Figures(Set<String> facts, int factCount, int exactDups, int overLimit, int undescribed, int systemChars, double recall) {
    }

    private static Figures measure(Ctx ctx, Path repo, List<String[]> questions) throws Exception {
        Set<String> facts = new HashSet<>();
        Map<String, Integer> lower = new HashMap<>();
        int count = 0;
        int over = 0;
        int undescribed = 0;
        int system = 0;
        List<Path> md;
        try (Stream<Path> s = Files.walk(repo)) {
            md = s.filter(p -> p.toString().endsWith(".md") && !repo.relativize(p).startsWith(".git")).toList();
        }
        for (Path p : md) {
            String text = Files.readString(p);
            String rel = repo.relativize(p).toString();
            boolean hasDescription = text.startsWith("---\n") && text.contains("\ndescription:");
            String body = text.startsWith("---\n") ? text.substring(text.indexOf("\n---\n", 4) + 5) : text;
            if (!rel.startsWith("archive/")) {
                if (!hasDescription) {
                    undescribed++;
                }
                if (body.length() > 5000) {
                    over++;
                }
                if (rel.startsWith("system/")) {
                    system += body.length();
                }
            }
            for (String f : Facts.of(body)) {
                facts.add(f);
                count++;
                if (!rel.startsWith("archive/")) {
                    lower.merge(f.toLowerCase(Locale.ROOT), 1, Integer::sum);
                }
            }
        }
        int dups = lower.values().stream().mapToInt(n -> n - 1).sum();
        int found = 0;
        for (String[] q : questions) {
            List<SearchHit> hits = ctx.search(new SearchRequest(q[0], SearchMode.BM25, Set.of(Kind.MEMORY), null, null, 5, false)).hits();
            for (SearchHit h : hits) {
                Path f = repo.resolve(h.path());
                if (Files.exists(f) && Files.readString(f).toLowerCase(Locale.ROOT).contains("the " + q[1] + " service")) {
                    found++;
                    break;
                }
            }
        }
        return new Figures(facts, count, dups, over, undescribed, system, questions.isEmpty() ? 0 : (double) found / questions.size());
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
