package dev.ctx.index.embed;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts ctx again as a detached process (the warm server, the background embedder), on this JVM and class path. */
final class SelfProcess {
    /** The CLI entry point; named, not imported, because this package must not depend on the CLI. */
    static final String MAIN = "dev.ctx.Main";

    private SelfProcess() {
    }

    /**
     * Starts {@code java FLAGS -cp CLASSPATH dev.ctx.Main ARGS} in its own session (closing the
     * terminal does not take it down), stdin from /dev/null, output appended to {@code log}, with
     * {@code env} over this process's environment. The process is only watched, never waited for.
     */
    static Process start(List<String> jvmFlags, List<String> args, Path log, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", absoluteClassPath(), MAIN));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        // A helper runs its own command in its own JVM: never through (or starting) the resident server.
        pb.environment().put("CTX_NO_SERVER", "1");
        return pb.start();
    }

    private static String absoluteClassPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
