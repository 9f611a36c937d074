package dev.ctx.history;

import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.WriteResult;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Init;
import dev.ctx.store.Operation;
import dev.ctx.store.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A context repository in a temp folder with a clock that moves one hour per write, so each commit has
 * its own time; writes go through {@link ContextStore#apply} with the provenance a test names.
 */
public final class Fixture implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    /** A clock the test moves: fixed between moves. */
    public static final class StepClock extends Clock {
        private Instant now;

        StepClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public final Path dir;
    public final StepClock clock;
    public final ContextStore store;
    public final History history;
    public final Rollback rollback;

    private Fixture(Path dir, StepClock clock, ContextStore store) {
        this.dir = dir;
        this.clock = clock;
        this.store = store;
        this.history = new History(store);
        this.rollback = new Rollback(history);
    }

    /** Creates the repository in {@code tmp/repo}; no user git config leaks in ({@code support.IsolatedGit}). */
    public static Fixture create(Path tmp) throws CtxException, IOException {
        StepClock clock = new StepClock(START);
        ContextStore s = Init.create(tmp.resolve("repo"), Provenance.of("human", null, "set up"), clock);
        return new Fixture(tmp.resolve("repo"), clock, s);
    }

    public String apply(Operation op, String agent, String session) throws CtxException {
        clock.advance(Duration.ofHours(1));
        WriteResult r = store.apply(op, Provenance.of(agent, session, null));
        return r.commit();
    }

    public String remember(String agent, String session, String path, String fact) throws CtxException {
        return apply(new Ops.Remember(RepoPath.of(path), fact, "Notes about " + path), agent, session);
    }

    public String write(String agent, String session, String path, String description, String body) throws CtxException {
        return apply(new Ops.Write(RepoPath.of(path), description, body), agent, session);
    }

    public String tip() throws CtxException {
        return store.git().tip();
    }

    public String read(String path) throws CtxException {
        return store.head().read(RepoPath.of(path)).orElse(null);
    }

    public Git jgit() throws IOException {
        return Git.open(dir.toFile());
    }

    /** Creates and checks out {@code branch} at {@code at}. */
    public void branch(String branch, String at) throws Exception {
        try (Git g = jgit()) {
            g.checkout().setCreateBranch(true).setName(branch).setStartPoint(at).call();
        }
    }

    public void checkout(String branch) throws Exception {
        try (Git g = jgit()) {
            g.checkout().setName(branch).call();
        }
    }

    /** Merges {@code branch} into the checked-out branch with a real merge commit. */
    public String merge(String branch) throws Exception {
        clock.advance(Duration.ofHours(1));
        try (Git g = jgit()) {
            PersonIdent who = new PersonIdent("maintainer", "m@example.org", clock.instant(), ZoneOffset.UTC);
            MergeResult r = g.merge().include(g.getRepository().resolve(branch)).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                    .setCommit(false).call();
            if (!r.getMergeStatus().isSuccessful()) {
                throw new IllegalStateException("merge failed: " + r.getMergeStatus());
            }
            return g.commit().setMessage("Merge branch '" + branch + "'").setAuthor(who).setCommitter(who).call().getName();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
