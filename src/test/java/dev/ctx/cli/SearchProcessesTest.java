package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ctx.index.lucene.LuceneSearchIndex;
import dev.ctx.support.IndexUpdaterProcess;
import dev.ctx.support.SearcherProcess;
import dev.ctx.support.TestRepo;
import dev.ctx.support.WriterProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index shared by real processes: several search while others write, and a process killed in
 * the middle of an update. One writes the index at a time; the others answer from the last commit; nobody
 * fails, waits forever, or sees a broken index (Lucene's own CheckIndex says so).
 */
@Tag("processes")
class SearchProcessesTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        // BM25 only: this is about the index's locks and commits, not the model.
        Path yaml = repo.resolve("ctx.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("provider: builtin", "provider: none"));
        t.git(repo, "commit", "-qam", "embeddings off");
    }

    private Process java(Class<?> main, String... args) throws Exception {
        return t.start(main, ProcessBuilder.Redirect.DISCARD, args);
    }

    private static List<String> lines(Process p) throws Exception {
        List<String> out = TestRepo.lines(p);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return out;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--repo", repo.toString(), "--json"));
        all.addAll(List.of(args));
        TestRepo.Run r = t.ctx(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return Output.mapper().readTree(r.out()).get("data");
    }

    private void assertIndexClean() throws Exception {
        Path folder = repo.resolve(".git/ctx/index/v" + LuceneSearchIndex.SCHEMA);
        try (FSDirectory d = FSDirectory.open(folder); CheckIndex check = new CheckIndex(d)) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            check.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8));
            CheckIndex.Status s = check.checkIndex();
            assertTrue(s.clean, "Lucene CheckIndex: " + log.toString(StandardCharsets.UTF_8));
        }
    }

    /** The index agrees with the branch: one file per indexable markdown file at the tip. */
    private void assertIndexMatchesTip() throws Exception {
        JsonNode status = json("index", "update");
        status = json("index", "status");
        assertFalse(status.get("behind").asBoolean(), status.toString());
        long files = List.of(t.git(repo, "ls-tree", "-r", "--name-only", "HEAD").split("\n")).stream()
                .filter(p -> p.endsWith(".md")).count();
        assertEquals(files, status.get("files").asLong(), status.toString());
    }

    @Test
    void searchesInSeveralProcessesWhileOthersWriteNeverFailNorSeeABrokenIndex() throws Exception {
        List<Process> writers = new ArrayList<>();
        List<Process> searchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writers.add(java(WriterProcess.class, repo.toString(), "agent" + i, "24"));
            searchers.add(java(SearcherProcess.class, repo.toString(), "30"));
        }
        int searches = 0;
        int behind = 0;
        for (Process p : searchers) {
            for (String l : lines(p)) {
                assertTrue(l.startsWith("OK "), "a search failed: " + l);
                searches++;
                behind += l.startsWith("OK true") ? 1 : 0;
            }
        }
        for (Process p : writers) {
            for (String l : lines(p)) {
                assertTrue(l.startsWith("OK "), "a write failed: " + l);
            }
        }
        assertEquals(90, searches);
        System.out.println("searches answered from an older commit while another process updated the index: " + behind + " of " + searches);
        assertIndexClean();
        assertIndexMatchesTip();
        // Every writer's last fact is found.
        for (int i = 0; i < 3; i++) {
            JsonNode hits = json("search", "fact agent" + i + "-21", "--mode", "bm25", "-k", "3").get("hits");
            assertEquals("shared/facts.md", hits.get(0).get("path").asText(), hits.toString());
        }
        t.assertFsckClean(repo);
    }

    /** Commits a batch of one-section files, each with its own token, large enough for a segment the merge counts. */
    private void bulk(String folder, int n) throws Exception {
        for (int f = 0; f < n; f++) {
            Path p = repo.resolve(folder + "/f" + f + ".md");
            Files.createDirectories(p.getParent());
            Files.writeString(p, "---\ndescription: bulk " + f + "\n---\n# Part " + f + "\n" + folder.replace('/', '-') + " token" + f + " text.\n");
        }
        t.git(repo, "add", "-A");
        t.git(repo, "commit", "-qm", "bulk " + folder);
    }

    private String updater(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(repo.toString()));
        all.addAll(List.of(args));
        Process p = java(IndexUpdaterProcess.class, all.toArray(String[]::new));
        List<String> out = lines(p);
        assertEquals(0, p.exitValue(), out.toString());
        return out.get(out.size() - 1);
    }

    @Test
    void aProcessKilledWhileMergingTheIndexLeavesItUsable() throws Exception {
        int n = LuceneSearchIndex.MERGE_MIN_VECTORS + 200;
        bulk("bulk/base", n);
        updater("update"); // the first build: one large segment, nothing to merge
        for (int round = 0; round < 2; round++) {
            // A second large segment, written as a search's catch-up writes it: a merge is now due.
            bulk("bulk/r" + round, n);
            updater("catchup");
            Process p = java(IndexUpdaterProcess.class, repo.toString(), "update");
            java.io.BufferedReader out = p.inputReader(StandardCharsets.UTF_8);
            assertEquals("START", out.readLine());
            Thread.sleep(300 + 700L * round); // kills land at different points of the merge
            boolean running = p.isAlive();
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            System.out.println("merge round " + round + ": " + (running ? "killed while running" : "had already finished"));
            assertIndexClean();

            // The next update takes the lock the dead one held and merges; everything is found.
            String[] done = updater("update").split(" ");
            assertEquals("1", done[2], "one segment after the merge: " + String.join(" ", done));
            System.out.println("merge round " + round + ": the next update merged " + done[1] + " segments in " + done[3] + " ms");
            assertIndexClean();
            for (String folder : List.of("bulk/base", "bulk/r" + round)) {
                assertEquals(folder + "/f7.md", updater("search", folder.replace('/', '-') + " token7"));
            }
        }
    }

    @Test
    void aProcessKilledWhileUpdatingTheIndexLeavesItUsable() throws Exception {
        json("search", "anything"); // the index exists
        for (int round = 0; round < 4; round++) {
            // A large commit, so that catching up takes the killed process a while.
            for (int f = 0; f < 400; f++) {
                Path p = repo.resolve("bulk/r" + round + "/f" + f + ".md");
                Files.createDirectories(p.getParent());
                Files.writeString(p, "---\ndescription: bulk " + f + "\n---\n# Part " + f + "\nround" + round + " token" + f + " text.\n");
            }
            t.git(repo, "add", "-A");
            t.git(repo, "commit", "-qm", "bulk round " + round);
            Process p = t.process(t.dir, "--repo", repo.toString(), "search", "round" + round);
            Thread.sleep(600 + 250L * round); // JVM start is ~0.5 s: kills land at different points of the update
            boolean running = p.isAlive();
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            System.out.println("round " + round + ": " + (running ? "killed while running" : "had already finished"));

            // The next process takes the lock the dead one held (the OS released it), and finds everything.
            JsonNode r = json("search", "round" + round + " token7", "--mode", "bm25", "-k", "1");
            assertFalse(r.get("behind").asBoolean(), r.toString());
            assertEquals("bulk/r" + round + "/f7.md", r.get("hits").get(0).get("path").asText(), r.toString());
            assertIndexClean();
        }
        assertIndexMatchesTip();
    }
}
