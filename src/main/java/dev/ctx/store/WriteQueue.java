package dev.ctx.store;

import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit of one store's writes: writers of this process queue here, and one of them at a time (the
 * leader) takes every write queued so far and runs them as one batch under the write lock, each its own
 * commit with its own trailers, chained, published with one compare-and-swap of the branch. The others wait
 * for their outcome, which is set only once the batch is over: a write is acknowledged after the branch holds
 * it, as before. Nothing waits to gather a batch: a lone writer leads a batch of one at once, and a batch grows
 * only with the writers that queued while the previous one held the lock (or while its leader waited for the
 * lock: the batch is taken once the lock is held).
 *
 * <p>When a batch ends, leadership passes to the first write still queued, so a leader's own caller gets its
 * answer after one batch, never after a stream of others' batches.
 */
final class WriteQueue {
    /** A batch bigger than this waits for the next turn: one commit chain should not hold the lock for long. */
    static final int MAX_BATCH = 32;

    /**
     * Runs one batch: takes the write lock, then the batch ({@code take}: every write queued by then, the leader's
     * first; the same list when called again), and sets the outcome of every write of it.
     */
    @FunctionalInterface
    interface Runner {
        void run(java.util.function.Supplier<List<Pending>> take);
    }

    /** One queued write and, once its batch is over, its outcome. Fields are guarded by the queue's monitor when read across threads. */
    static final class Pending {
        final Operation op;
        final Provenance who;
        int attempts;
        private WriteResult result;
        private CtxException error;
        private RuntimeException crash;
        private boolean lead;
        private boolean done;

        Pending(Operation op, Provenance who) {
            this.op = op;
            this.who = who;
        }

        void succeed(WriteResult r) {
            result = r;
            error = null;
            crash = null;
        }

        void fail(CtxException e) {
            result = null;
            error = e;
            crash = null;
        }

        void crash(RuntimeException e) {
            result = null;
            error = null;
            crash = e;
        }

        boolean hasOutcome() {
            return result != null || error != null || crash != null;
        }

        WriteResult outcome() throws CtxException {
            if (error != null) {
                throw error;
            }
            if (crash != null) {
                throw crash;
            }
            return result;
        }
    }

    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean leading;
    /** The thread running a batch: a write it asked for from inside one would wait for itself forever. */
    private volatile Thread leader;

    /** How many writes wait for a turn (the one leading included, until it takes its batch). */
    synchronized int queued() {
        return waiting.size();
    }

    /** Queues {@code me}, waits for its turn or its outcome, and returns that outcome. */
    WriteResult submit(Pending me, Runner runner) throws CtxException {
        if (leader == Thread.currentThread()) {
            throw new IllegalStateException("a write was started from inside another write of the same repository");
        }
        boolean interrupted = false;
        synchronized (this) {
            waiting.add(me);
            if (!leading) {
                leading = true;
                me.lead = true;
            }
            while (!me.lead && !me.done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // The write may be committed by the leader already: it cannot be withdrawn, only waited for.
                    interrupted = true;
                }
            }
        }
        if (!me.done) {
            lead(runner);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return me.outcome();
        }
    }

    private void lead(Runner runner) {
        List<Pending> batch = new ArrayList<>();
        boolean[] taken = {false};
        java.util.function.Supplier<List<Pending>> take = () -> {
            synchronized (this) {
                if (!taken[0]) {
                    taken[0] = true;
                    while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                        batch.add(waiting.poll()); // the leader is first: it was at the head, or the queue was empty
                    }
                }
                return List.copyOf(batch);
            }
        };
        leader = Thread.currentThread();
        try {
            runner.run(take);
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                if (!p.hasOutcome()) {
                    p.crash(e instanceof RuntimeException r ? r : new IllegalStateException("the write failed: " + e, e));
                }
            }
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            leader = null;
            take.get(); // a runner that failed before taking its batch still answers the leader's write
            synchronized (this) {
                for (Pending p : batch) {
                    if (!p.hasOutcome()) {
                        p.crash(new IllegalStateException("the write's batch ended without an outcome for it"));
                    }
                    p.done = true;
                }
                Pending next = waiting.peek();
                if (next != null) {
                    next.lead = true;
                } else {
                    leading = false;
                }
                notifyAll();
            }
        }
    }
}
