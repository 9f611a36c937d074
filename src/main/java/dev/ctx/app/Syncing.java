package dev.ctx.app;

import dev.ctx.git.RemoteAccess;
import dev.ctx.git.Remotes;
import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.RemoteEntry;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SyncReport;
import dev.ctx.model.Tracking;
import dev.ctx.model.WriteResult;
import dev.ctx.store.ContextStore;
import dev.ctx.sync.ConflictMarkers;
import dev.ctx.sync.ResolveOp;
import dev.ctx.sync.Sync;
import dev.ctx.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sync use cases of {@link Ctx}: remotes, sync/pull/push, ahead and behind, settling conflicts, the background schedule. */
public final class Syncing {
    /** What {@code ctx sync}, {@code pull} and {@code push} do. */
    public enum Mode { SYNC, PULL, PUSH }

    /** Which side of a sync conflict {@code ctx resolve} keeps. */
    public enum Keep { LOCAL, REMOTE, BOTH }

    /** One sync as asked: {@code remote} null picks origin (or the only remote). */
    public record Request(String remote, Mode mode, boolean joinUnrelated, boolean allowRewritten, boolean acceptNewHost) {
        public static Request of(Mode mode) {
            return new Request(null, mode, false, false, false);
        }
    }

    private final ContextStore store;
    private final Map<String, String> env;

    Syncing(ContextStore store, Map<String, String> env) {
        this.store = store;
        this.env = Map.copyOf(env);
    }

    List<RemoteEntry> remotes() throws CtxException {
        return remotes(false).list().stream().map(r -> new RemoteEntry(r.name(), r.url())).toList();
    }

    void add(String name, String url) throws CtxException {
        remotes(false).add(name, url);
    }

    void remove(String name) throws CtxException {
        remotes(false).remove(name);
    }

    SyncReport run(Request r) throws CtxException {
        String remote = r.remote() != null ? r.remote() : settings().remote();
        Sync.Mode mode = switch (r.mode()) {
            case SYNC -> Sync.Mode.SYNC;
            case PULL -> Sync.Mode.PULL;
            case PUSH -> Sync.Mode.PUSH;
        };
        return new Sync(store, access(r.acceptNewHost())).run(new Sync.Request(remote, mode, r.joinUnrelated(), r.allowRewritten()));
    }

    List<Tracking> tracking() throws CtxException {
        return new Sync(store, access(false)).tracking();
    }

    List<String> unresolved() throws CtxException {
        return new Sync(store, access(false)).unresolved();
    }

    WriteResult resolve(RepoPath path, Keep keep, Provenance who) throws CtxException {
        ConflictMarkers.Keep k = switch (keep) {
            case LOCAL -> ConflictMarkers.Keep.LOCAL;
            case REMOTE -> ConflictMarkers.Keep.REMOTE;
            case BOTH -> ConflictMarkers.Keep.BOTH;
        };
        return store.apply(new ResolveOp(path, k), who);
    }

    /** How often the resident server syncs this repository, when ctx.yaml asks it to and a remote is there to sync with. */
    Optional<Duration> backgroundInterval() throws CtxException {
        Optional<Duration> every = settings().interval();
        return every.isPresent() && !remotes(false).list().isEmpty() ? every : Optional.empty();
    }

    /** One background sync, skipped (empty) while a write of this process is in flight: it would only queue behind it. */
    Optional<SyncReport> background() throws CtxException {
        if (store.writeInFlight()) {
            return Optional.empty();
        }
        return Optional.of(run(Request.of(Mode.SYNC)));
    }

    private SyncSettings settings() throws CtxException {
        return SyncSettings.of(store.config());
    }

    private Remotes remotes(boolean acceptNewHost) throws CtxException {
        return new Remotes(store.git(), access(acceptNewHost));
    }

    /** How this repository reaches remotes: sync's transport settings (ctx.yaml's token variable, HOME's keys, the SSH agent). */
    RemoteAccess access(boolean acceptNewHost) throws CtxException {
        return access(env, settings().tokenVariable(), acceptNewHost);
    }

    /** How ctx reaches remotes from {@code env}; {@code tokenVariable} null is the default (a clone has no ctx.yaml yet to name another). */
    static RemoteAccess access(Map<String, String> env, String tokenVariable, boolean acceptNewHost) {
        String home = env.get("HOME");
        Path h = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
        return new RemoteAccess(h, env, tokenVariable, acceptNewHost, true);
    }
}
