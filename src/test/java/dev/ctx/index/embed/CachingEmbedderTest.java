package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingEmbedderTest {
    @TempDir
    Path cache;

    private static List<String> texts(int n, String tag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(tag + " chunk number " + i);
        }
        return out;
    }

    @Test
    void secondRunMakesZeroModelCalls() throws Exception {
        List<String> texts = texts(300, "a");
        FakeEmbedder first = new FakeEmbedder("fake:1", 8);
        List<float[]> v1;
        try (CachingEmbedder c = new CachingEmbedder(first, cache)) {
            v1 = c.embedPassages(texts);
            assertEquals(0, c.hits());
            assertEquals(300, c.misses());
        }
        assertEquals(300, first.passageTexts.get());

        FakeEmbedder second = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(second, cache)) {
            List<float[]> v2 = c.embedPassages(texts);
            assertEquals(300, c.hits());
            assertEquals(0, c.misses());
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(v1.get(i), v2.get(i));
            }
        }
        assertEquals(0, second.calls.get());
    }

    @Test
    void onlyChangedTextIsEmbedded() throws Exception {
        FakeEmbedder model = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(model, cache)) {
            c.embedPassages(texts(10, "a"));
            List<String> next = new ArrayList<>(texts(10, "a"));
            next.set(3, "edited chunk");
            next.add("edited chunk"); // the same new text twice in one call is embedded once
            List<float[]> out = c.embedPassages(next);
            assertEquals(11, out.size());
            assertArrayEquals(FakeEmbedder.vector("passage: edited chunk", 8), out.get(3));
            assertArrayEquals(out.get(3), out.get(10));
        }
        assertEquals(11, model.passageTexts.get());
    }

    @Test
    void modelsDoNotShareVectors() throws Exception {
        try (CachingEmbedder c = new CachingEmbedder(new FakeEmbedder("fake:1", 8), cache)) {
            c.embedPassages(texts(5, "a"));
        }
        FakeEmbedder other = new FakeEmbedder("fake:2", 4);
        try (CachingEmbedder c = new CachingEmbedder(other, cache)) {
            assertEquals(4, c.embedPassages(texts(5, "a")).get(0).length);
        }
        assertEquals(5, other.passageTexts.get());
    }

    @Test
    void queriesPassThrough() throws Exception {
        FakeEmbedder model = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(model, cache)) {
            c.embedQuery("q");
            c.embedQuery("q");
        }
        assertEquals(2, model.queries.get());
    }

    @Test
    void aTornTailIsCutOffAndTheRestIsKept() throws Exception {
        try (CachingEmbedder c = new CachingEmbedder(new FakeEmbedder("fake:1", 8), cache)) {
            c.embedPassages(texts(200, "a"));
        }
        Path dir = VectorStore.folderFor(cache, "fake:1");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".vec")).toList();
        }
        for (Path f : files) { // a crashed writer left half a record behind
            Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);
        }
        FakeEmbedder model = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(model, cache)) {
            c.embedPassages(texts(200, "a"));
            c.embedPassages(texts(50, "b"));
        }
        assertEquals(50, model.passageTexts.get());
        FakeEmbedder third = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(third, cache)) {
            List<String> all = new ArrayList<>(texts(200, "a"));
            all.addAll(texts(50, "b"));
            c.embedPassages(all);
        }
        assertEquals(0, third.passageTexts.get());
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String tag = "w" + w;
                done.add(pool.submit(() -> {
                    try (CachingEmbedder c = new CachingEmbedder(new FakeEmbedder("fake:1", 8), cache)) {
                        for (int round = 0; round < 5; round++) {
                            c.embedPassages(texts(40, tag + "r" + round));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        FakeEmbedder check = new FakeEmbedder("fake:1", 8);
        try (CachingEmbedder c = new CachingEmbedder(check, cache)) {
            for (int w = 0; w < 4; w++) {
                for (int round = 0; round < 5; round++) {
                    c.embedPassages(texts(40, "w" + w + "r" + round));
                }
            }
            assertEquals(800, c.hits());
        }
        assertEquals(0, check.passageTexts.get());
    }
}
