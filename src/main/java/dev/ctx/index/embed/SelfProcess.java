package dev.ctx.index.embed;

import dev.ctx.model.HelperProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a helper of ctx as a detached process (the warm server, the background embedder), the way the
 * adapter that opened the library runs it ({@link HelperProcess}): this package names no adapter.
 */
public final class SelfProcess {
    private SelfProcess() {
    }

    /**
     * Starts {@code helper} in its own session (closing the terminal does not take it down), stdin from
     * /dev/null, output appended to {@code log}, with {@code env} over this process's environment. The
     * process is only watched, never waited for.
     */
    public static Process start(HelperProcess helper, Path log, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.addAll(helper.command());
        return builder(cmd, log, env).start();
    }

    /**
     * Starts {@code helper} as {@link #start} does, but not as this process's child, and returns once the
     * starter has left (milliseconds). A command that hands work off and exits at once needs this: the JVM's
     * exit waits up to 300 ms for every thread in native code, and the thread that reaps a child sits in
     * {@code waitpid} for as long as the child lives ({@link HelperProcess#leavingAtOnce}).
     */
    public static void detach(HelperProcess helper, Path log, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(HelperProcess.leavingAtOnce());
        cmd.addAll(helper.command());
        Process starter = builder(cmd, log, env).start();
        try {
            starter.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder builder(List<String> cmd, Path log, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        // A helper runs its own command in its own JVM: never through (or starting) the resident server.
        pb.environment().put("CTX_NO_SERVER", "1");
        return pb;
    }
}
