package dev.ctx.index.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fill in the foreground waits for a background filler that makes progress, and never for one that does not. */
class FillerClaimTest {
    @TempDir
    Path dir;

    @Test
    void withNoFillerRunningTheClaimIsTakenAtOnce() throws Exception {
        AtomicInteger waits = new AtomicInteger();
        try (BackgroundEmbedding.Claim c = BackgroundEmbedding.awaitClaim(dir, () -> 5, Duration.ofSeconds(60), waits::incrementAndGet)) {
            assertNotNull(c);
            assertNull(BackgroundEmbedding.claim(dir), "held now: a background filler started meanwhile exits at once");
        }
        assertEquals(0, waits.get());
    }

    @Test
    void aFillerThatKeepsEmbeddingIsWaitedForThenTheClaimIsTaken() throws Exception {
        BackgroundEmbedding.Claim filler = BackgroundEmbedding.claim(dir);
        AtomicInteger pending = new AtomicInteger(10);
        AtomicInteger waits = new AtomicInteger();
        Thread done = new Thread(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    Thread.sleep(150);
                    pending.decrementAndGet(); // the filler embeds a batch
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            filler.close();
        });
        done.start();
        long t0 = System.nanoTime();
        // The stall limit is shorter than the whole fill, but each batch resets it.
        try (BackgroundEmbedding.Claim c = BackgroundEmbedding.awaitClaim(dir, pending::get, Duration.ofMillis(500), waits::incrementAndGet)) {
            assertNotNull(c, "taken once the filler let go");
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(700).toNanos(), "waited for the filler");
        }
        done.join();
        assertEquals(1, waits.get(), "said once that it waits");
    }

    @Test
    void aStuckFillerOrOneWithNothingLeftIsNotWaitedFor() throws Exception {
        try (BackgroundEmbedding.Claim filler = BackgroundEmbedding.claim(dir)) {
            long t0 = System.nanoTime();
            assertNull(BackgroundEmbedding.awaitClaim(dir, () -> 7, Duration.ofMillis(400), () -> { }), "no progress: fill anyway");
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= Duration.ofMillis(400).toNanos() && waited < Duration.ofSeconds(10).toNanos(), "gave up after the stall limit");
            assertNull(BackgroundEmbedding.awaitClaim(dir, () -> 0, Duration.ofSeconds(60), () -> { }), "nothing pending: nothing to duplicate");
        }
    }
}
