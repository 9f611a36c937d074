package dev.ctx.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command may take from the outside world, injected so commands run in-process in tests
 * with their own working directory, environment, clock and streams.
 */
public record Env(Path cwd, Map<String, String> vars, InputStream in, PrintStream out, PrintStream err, Clock clock) {

    public static Env system() {
        return new Env(Path.of("").toAbsolutePath(), System.getenv(), System.in, System.out, System.err, Clock.systemUTC());
    }

    public String var(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
