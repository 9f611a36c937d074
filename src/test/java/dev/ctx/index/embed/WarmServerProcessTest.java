package dev.ctx.index.embed;

import dev.ctx.cli.SelfLaunch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a detached {@code ctx embed-server} process with the builtin model, reached by a
 * client, exiting when idle. Slow-ish (a JVM and the model load), so one test does it all.
 */
class WarmServerProcessTest {
    @TempDir
    Path cache;

    @Test
    void spawnedServerAnswersLikeTheInProcessModelAndExitsWhenIdle() throws Exception {
        WarmPaths paths = WarmPaths.of(cache, BuiltinEmbedder.MODEL_ID);
        AtomicReference<Process> spawned = new AtomicReference<>();
        WarmClientEmbedder.Launcher real = WarmClientEmbedder.processLauncher(cache, cache.resolve("natives"), Duration.ofSeconds(2),
                SelfLaunch.helpers().embedServer());
        float[] remote;
        List<float[]> remotePassages;
        try (WarmClientEmbedder c = new WarmClientEmbedder(BuiltinEmbedder.MODEL_ID, BuiltinEmbedder.DIMENSIONS, paths, p -> {
            spawned.set(real.launch(p));
            return spawned.get();
        }, Duration.ofSeconds(60), () -> {
            throw new AssertionError("the spawned server should have answered; see " + paths.log());
        })) {
            remote = c.embedQuery("which database does billing use?");
            remotePassages = c.embedPassages(List.of("Billing keeps invoices in PostgreSQL."));
            assertEquals(2, c.remoteCalls());
        }
        try (BuiltinEmbedder local = BuiltinEmbedder.load(cache.resolve("natives"))) {
            assertArrayEquals(local.embedQuery("which database does billing use?"), remote, 1e-6f);
            assertEquals(1.0, Vectors.dot(local.embedPassages(List.of("Billing keeps invoices in PostgreSQL.")).get(0), remotePassages.get(0)), 1e-5);
        }
        Process p = spawned.get();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server exits after 2 s idle");
        assertEquals(0, p.exitValue(), () -> log(paths));
        assertFalse(Files.exists(paths.socket()));
        assertTrue(Files.exists(cache.resolve("natives")), "the tokenizer's natives went to ctx's cache");
    }

    private static String log(WarmPaths paths) {
        try {
            return Files.readString(paths.log());
        } catch (Exception e) {
            return "no log";
        }
    }
}
