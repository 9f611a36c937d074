package dev.ctx.store;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes ctx writers of one repository: an OS file lock across processes (released by the kernel
 * if the holder dies, so a SIGKILL never leaves it stuck) plus an in-process lock, because file locks
 * belong to the whole JVM. The map of in-process locks is the one deliberate piece of static state:
 * it mirrors the per-process nature of the OS lock it guards.
 *
 * <p>It is one lock for the whole repository, in the common ctx dir, not one per worktree: the objects,
 * branches and search index are shared, and a holder may take each worktree's journal for a dead writer's.
 */
final class WriteLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private WriteLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static WriteLock acquire(Path ctxDir, Duration timeout) throws CtxException {
        Path file = ctxDir.resolve("write.lock");
        long deadline = System.nanoTime() + timeout.toNanos();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
        try {
            if (!local.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(timeout);
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(ctxDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long sleep = 1;
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    return new WriteLock(local, ch, l);
                }
                if (System.nanoTime() > deadline) {
                    throw busy(timeout);
                }
                Thread.sleep(sleep);
                sleep = Math.min(20, sleep * 2);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            local.unlock();
            throw new CtxException(Problem.IO, "cannot take the write lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            local.unlock();
            Thread.currentThread().interrupt();
            throw busy(timeout);
        } catch (CtxException e) {
            closeQuietly(ch);
            local.unlock();
            throw e;
        }
    }

    /**
     * Whether a writer of this process holds the lock right now. A snapshot, for background work that would
     * rather skip a turn than queue behind a write; the lock itself is what keeps writes apart. Other processes
     * are not probed: opening the lock file to test it could, on POSIX, drop this process's own lock when closed.
     */
    static boolean heldHere(Path ctxDir) {
        ReentrantLock local = IN_PROCESS.get(ctxDir.resolve("write.lock").toAbsolutePath().normalize());
        return local != null && local.isLocked();
    }

    private static CtxException busy(Duration timeout) {
        return new CtxException(Problem.CONFLICT, "another ctx write has held this repository's write lock for " + timeout.toSeconds()
                + "s; retry when it finishes");
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it as well
        }
        closeQuietly(channel);
        local.unlock();
    }
}
