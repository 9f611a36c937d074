package dev.ctx.server;

import dev.ctx.app.WarmWorkspace;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident server's background sync (issue 15): a daemon thread that, every {@link #TICK}, asks the
 * warm workspace to sync the repositories whose {@code sync.interval} is due. The work and its safety (the
 * write lock, skipping a repository with a write in flight) live in app; this only keeps time.
 */
public final class SyncSchedule implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(5);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ctx-background-sync");
        t.setDaemon(true);
        return t;
    });

    /** Starts ticking over {@code workspace}, logging one line per sync to {@code log}. */
    public SyncSchedule(WarmWorkspace workspace, Clock clock, PrintStream log) {
        timer.scheduleWithFixedDelay(() -> workspace.syncDue(clock.instant(), log::println), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
