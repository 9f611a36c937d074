package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search index is a cache: whatever happened to its files, search and rebuild repair it and say so once. */
class CorruptIndexTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
        assertEquals(0, t.ctx("remember", "the deploy runs on fridays").exit());
        Run r = t.ctx("search", "deploy", "--mode", "bm25");
        assertEquals(0, r.exit(), r::toString);
    }

    /** Overwrites every file of the index with random bytes of the same length (a fixed seed: the same damage every run). */
    private void corrupt() throws Exception {
        Random random = new Random(42);
        List<Path> files;
        try (Stream<Path> s = Files.walk(repo.resolve(".git/ctx/index"))) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("write.lock")).toList();
        }
        assertTrue(!files.isEmpty(), "the index has files to damage");
        for (Path f : files) {
            byte[] b = new byte[(int) Math.max(16, Files.size(f))];
            random.nextBytes(b);
            Files.write(f, b);
        }
    }

    @Test
    void searchRebuildsACorruptIndexAndSaysSo() throws Exception {
        corrupt();
        Run r = t.ctx("search", "deploy", "--mode", "bm25");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("fridays"), r.toString());
        assertTrue(r.err().contains("rebuilt"), r.toString());
        Run again = t.ctx("search", "deploy", "--mode", "bm25");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(!again.err().contains("rebuilt"), "said once: " + again);
    }

    @Test
    void indexRebuildRepairsACorruptIndex() throws Exception {
        corrupt();
        Run r = t.ctx("index", "rebuild");
        assertEquals(0, r.exit(), r::toString);
        Run s = t.ctx("search", "deploy", "--mode", "bm25");
        assertEquals(0, s.exit(), s::toString);
        assertTrue(s.out().contains("fridays"), s.toString());
    }
}
