package dev.ctx.index.embed;

import dev.ctx.model.HelperProcess;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Embedding off the query path for command-line use: a search that left chunks without vectors starts one
 * detached background update (the adapter says how to run one), which embeds them (through the warm server when there is
 * one) and exits. One at a time per repository, by an OS file lock the filler holds for its whole life;
 * nothing depends on it: whatever it leaves undone stays pending, and the next search starts another.
 */
public final class BackgroundEmbedding {
    static final String LOCK = "index-fill.lock";
    static final String LOG = "index-fill.log";
    private static final long WAIT_POLL_MILLIS = 200;
    /** The log is appended to by each run; past this size it is started afresh. */
    static final long MAX_LOG_BYTES = 1 << 20;

    private BackgroundEmbedding() {
    }

    /** The environment variable that turns background embedding off ({@code 0}): searches then embed first. */
    public static final String ENV = "CTX_EMBED_BACKGROUND";

    /** A running filler's hold on its repository; closing it lets the next one start. */
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts a filler for the repository at {@code root} unless one is running; false when one is. {@code ctxDir}
     * is the repository's {@code $GIT_COMMON_DIR/ctx}; {@code env} (HOME, caches, API keys) is the filler's
     * over this process's own; {@code filler} is how the adapter runs its background update, {@code {repo}}
     * standing for the repository.
     */
    public static boolean start(Path root, Path ctxDir, Map<String, String> env, HelperProcess filler) throws IOException {
        try (Claim probe = claim(ctxDir)) {
            if (probe == null) {
                return false;
            }
        }
        Path log = ctxDir.resolve(LOG);
        if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
            Files.delete(log);
        }
        // Racing starters may both get here: the second filler finds the lock taken and exits at once.
        SelfProcess.detach(filler.withJvmFlags(List.of("-XX:+UseSerialGC", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true"))
                .bind(Map.of("repo", root.toAbsolutePath().toString())), log, env);
        return true;
    }

    /** How many chunks still wait for their vectors; read by {@link #awaitClaim} while a filler runs. */
    @FunctionalInterface
    public interface Pending {
        int count() throws Exception;
    }

    /**
     * Takes the filler's lock for a fill in the foreground ({@code ctx index update}), waiting while a
     * background filler holds it and keeps embedding, so that the two never embed the same chunks. Stops
     * waiting (null: fill without the lock) when nothing is pending any more (nothing left to duplicate),
     * or when the pending count has not fallen for {@code stall} (a filler that is stuck). {@code onWait}
     * runs once, when waiting starts.
     */
    public static Claim awaitClaim(Path ctxDir, Pending pending, Duration stall, Runnable onWait) throws Exception {
        Claim claim = claim(ctxDir);
        if (claim != null) {
            return claim;
        }
        int last = Integer.MAX_VALUE;
        long progress = System.nanoTime();
        boolean told = false;
        while (true) {
            int now = pending.count();
            if (now == 0) {
                return null;
            }
            if (now < last) {
                last = now;
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > stall.toNanos()) {
                return null;
            }
            if (!told) {
                onWait.run();
                told = true;
            }
            Thread.sleep(WAIT_POLL_MILLIS);
            claim = claim(ctxDir);
            if (claim != null) {
                return claim;
            }
        }
    }

    /** Takes the filler's lock; null when another process holds it. */
    public static Claim claim(Path ctxDir) throws IOException {
        Files.createDirectories(ctxDir);
        FileChannel ch = FileChannel.open(ctxDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held in this very process
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        FileLock held = lock;
        return () -> {
            try {
                held.release();
                ch.close();
            } catch (IOException e) {
                // closing the channel releases the lock in any case
            }
        };
    }
}
