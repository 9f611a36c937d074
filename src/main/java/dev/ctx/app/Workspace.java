package dev.ctx.app;

import dev.ctx.model.CtxException;
import dev.ctx.model.Helpers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Where a command gets its {@link Ctx}: a fresh one per command in process ({@link #fresh}), or a warm one
 * from a long-lived process's pool ({@link WarmWorkspace}). Either way the command closes what it got.
 */
@FunctionalInterface
public interface Workspace {
    Ctx open(Path root, Clock clock, Map<String, String> env) throws CtxException;

    /** A new Ctx for every command, closed with it: the in-process CLI. */
    static Workspace fresh(Helpers helpers) {
        return (root, clock, env) -> Ctx.open(root, clock, env, helpers);
    }
}
