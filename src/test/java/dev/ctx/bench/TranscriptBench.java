package dev.ctx.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctx.app.Ctx;
import dev.ctx.index.Chunk;
import dev.ctx.index.FileChunker;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.model.FileEntry;
import dev.ctx.model.Kind;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SearchHit;
import dev.ctx.model.SearchMode;
import dev.ctx.model.SearchRequest;
import dev.ctx.model.SearchResult;
import dev.ctx.model.TranscriptFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Recall over real agent sessions, beside LoCoMo: the Claude Code and Codex transcripts of the test fixtures
 * ingested with {@code ctx recall ingest}'s code into a fresh repository, then asked the questions of
 * {@code bench/transcript-questions.tsv} through {@code Ctx.search}, the front door every adapter uses (index,
 * fusion, evidence floor and shaping as a user gets them). A question's gold is every chunk whose text holds
 * one of its answer texts, so a change that helps LoCoMo but hurts real agent sessions shows here.
 *
 * <p>Usage: {@code TranscriptBench [OUT.json] [modes]}.
 */
public final class TranscriptBench {
    static final String QUESTIONS = "/bench/transcript-questions.tsv";

    record Question(String text, List<String> answers) {
    }

    private TranscriptBench() {
    }

    public static void main(String[] args) throws Exception {
        Path outFile = args.length > 0 && !args[0].isBlank() ? Path.of(args[0]) : null;
        List<SearchMode> modes = new ArrayList<>();
        for (String m : (args.length > 1 && !args[1].isBlank() ? args[1] : "bm25,vector,hybrid").split(",")) {
            modes.add(SearchMode.parse(m));
        }
        Path fixtures = fixtures();
        Path work = Files.createTempDirectory("ctx-transcript-bench");
        Path repo = work.resolve("repo");
        Ctx.configureProcess(null);
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        Provenance who = Provenance.of("bench", "bench-session", "transcript recall benchmark");
        // Vectors computed before they are searched (no detached filler), the embedding cache kept when asked.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CTX_EMBED_BACKGROUND", "0");
        env.put("CTX_EMBED_WARM", "0");
        env.put("HOME", work.toString());
        String keep = System.getenv("BENCH_EMBED_CACHE");
        if (keep != null && !keep.isBlank()) {
            // the product's embedding cache lives under $XDG_CACHE_HOME/ctx: the one LoCoMo's run keeps
            env.put("XDG_CACHE_HOME", Files.createDirectories(Path.of(keep).toAbsolutePath().resolve("xdg")).toString());
        }
        List<Question> questions = questions();
        Map<String, Object> json = new LinkedHashMap<>();
        try {
            Ctx.init(repo, who, clock).close();
            try (Ctx ctx = Ctx.open(repo, clock, env)) {
                ctx.recallIngest(List.of(fixtures.resolve("claude-code/projects")), TranscriptFormat.CLAUDE, who);
                ctx.recallIngest(List.of(fixtures.resolve("codex/sessions"), fixtures.resolve("codex/excerpts")), TranscriptFormat.CODEX, who);
                Map<String, String> chunks = chunks(ctx);
                long t0 = System.nanoTime();
                ctx.indexUpdate(() -> { });
                System.out.printf(Locale.ROOT, "Transcript recall: %d questions over %d chunks of %d sessions (Claude Code, Codex), indexed in %.1f s%n%n",
                        questions.size(), chunks.size(), ctx.list("recall/", Kind.RECALL).size(), (System.nanoTime() - t0) / 1e9);
                System.out.println(Tally.header());
                for (SearchMode mode : modes) {
                    json.put(mode.label(), run(ctx, mode, questions, chunks));
                }
            }
        } finally {
            delete(work);
        }
        if (outFile != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outFile.toFile(), json);
            System.out.println("wrote " + outFile);
        }
    }

    private static Map<String, Object> run(Ctx ctx, SearchMode mode, List<Question> questions, Map<String, String> chunks) throws Exception {
        Tally t = new Tally();
        List<String> missed = new ArrayList<>();
        for (Question q : questions) {
            Set<String> gold = gold(q, chunks);
            List<String> top10 = ids(ctx.search(SearchRequest.of(q.text()).withMode(mode).withK(10)));
            List<String> top25 = ids(ctx.search(SearchRequest.of(q.text()).withMode(mode).withK(25)));
            t.add(gold, top10, top25);
            if (top10.stream().noneMatch(gold::contains)) {
                missed.add(q.text());
            }
        }
        int offTopic = 0;
        for (String text : LocomoBench.OFF_TOPIC) {
            offTopic += ctx.search(SearchRequest.of(text).withMode(mode).withK(10)).hits().isEmpty() ? 0 : 1;
        }
        List<String> offTopicSet = FloorProbe.lines("/search/off-topic-queries.txt");
        int offTopicSetHits = 0;
        for (String text : offTopicSet) {
            offTopicSetHits += ctx.search(SearchRequest.of(text).withMode(mode).withK(10)).hits().isEmpty() ? 0 : 1;
        }
        System.out.println(t.row(mode.label()) + String.format(Locale.ROOT, "   off-topic with hits: %d of %d, the search tests' set: %d of %d",
                offTopic, LocomoBench.OFF_TOPIC.size(), offTopicSetHits, offTopicSet.size()));
        missed.forEach(m -> System.out.println("   not in the first ten: " + m));
        Map<String, Object> m = new LinkedHashMap<>(t.json());
        m.put("off_topic_with_hits", offTopic);
        m.put("off_topic_set_with_hits", offTopicSetHits);
        m.put("missed", missed);
        return m;
    }

    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }

    /** Chunks whose text holds one of the answers; a question whose answer is nowhere is a broken question. */
    private static Set<String> gold(Question q, Map<String, String> chunks) {
        Set<String> out = new LinkedHashSet<>();
        chunks.forEach((id, text) -> {
            if (q.answers().stream().anyMatch(text::contains)) {
                out.add(id);
            }
        });
        if (out.isEmpty()) {
            throw new IllegalStateException("no ingested turn holds the answer of '" + q.text() + "': " + q.answers());
        }
        return out;
    }

    /** Every recall chunk (id to text), cut as the index cuts them. */
    private static Map<String, String> chunks(Ctx ctx) throws Exception {
        FileChunker chunker = new FileChunker(LuceneSearchIndex.Options.defaults().maxChunkChars());
        Map<String, String> out = new LinkedHashMap<>();
        for (FileEntry f : ctx.list("recall/", Kind.RECALL)) {
            RepoPath p = RepoPath.of(f.path());
            for (Chunk c : chunker.chunks(p, ctx.show(p, null).text(), null)) {
                out.put(c.id(), c.text());
            }
        }
        return out;
    }

    static List<Question> questions() throws IOException {
        try (InputStream in = Objects.requireNonNull(TranscriptBench.class.getResourceAsStream(QUESTIONS), QUESTIONS)) {
            List<Question> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                out.add(new Question(parts[0].strip(), List.of(parts[1].strip().split(" \\|\\| "))));
            }
            return out;
        }
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(TranscriptBench.class.getResource("/recall/NOTICE.md")).toURI()).getParent();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
