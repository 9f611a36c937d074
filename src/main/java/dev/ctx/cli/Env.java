package dev.ctx.cli;

import dev.ctx.app.Resident;
import dev.ctx.app.Workspace;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command may take from the outside world, injected so commands run in-process in tests
 * with their own working directory, environment, clock and streams; and, from the process entry, where
 * repositories are opened ({@link Workspace}: fresh, or warm in the resident server) and the resident
 * server as {@code ctx server} sees it.
 */
public record Env(Path cwd, Map<String, String> vars, InputStream in, PrintStream out, PrintStream err, Clock clock,
                  Workspace workspace, Resident resident) {

    /** A command run on its own: a fresh Ctx per command, no resident server. */
    public Env(Path cwd, Map<String, String> vars, InputStream in, PrintStream out, PrintStream err, Clock clock) {
        this(cwd, vars, in, out, err, clock, Workspace.fresh(SelfLaunch.helpers()), Resident.none());
    }

    public static Env system() {
        return new Env(Path.of("").toAbsolutePath(), System.getenv(), System.in, System.out, System.err, Clock.systemUTC());
    }

    public Env withWorkspace(Workspace w, Resident r) {
        return new Env(cwd, vars, in, out, err, clock, w, r);
    }

    public String var(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
