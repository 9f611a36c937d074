package dev.ctx.cli;

import dev.ctx.model.HelperProcess;
import dev.ctx.model.Helpers;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the library starts this CLI's helper processes: this JVM and class path, the process entry, and the commands below. */
public final class SelfLaunch {
    /** The process entry; named, not imported: it sits above cli, wiring cli and the server. */
    public static final String MAIN = "dev.ctx.Main";

    private SelfLaunch() {
    }

    public static Helpers helpers() {
        return new Helpers(
                self(List.of("--repo", "{repo}", "index", "update", "--background")),
                self(List.of("embed-server", "--cache-dir", "{cache_dir}", "--natives", "{natives}", "--idle-seconds", "{idle_seconds}")));
    }

    /** This CLI run again, detached, with {@code args} (a hook's ingestion handed off so the agent is not held up). */
    static HelperProcess self(List<String> args) {
        return new HelperProcess(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), absoluteClassPath(), MAIN, args);
    }

    /** Absolute, so a helper started from another working directory finds the same classes. */
    private static List<String> absoluteClassPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return parts;
    }
}
