package dev.ctx;

import dev.ctx.app.Ctx;
import dev.ctx.app.Resident;
import dev.ctx.app.WarmWorkspace;
import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import dev.ctx.model.HelperProcess;
import dev.ctx.server.BuildId;
import dev.ctx.server.Client;
import dev.ctx.server.Peers;
import dev.ctx.server.RuntimeDir;
import dev.ctx.server.Server;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The resident server's wiring: the CLI as its handler, the warm workspace, its start as a detached process. */
final class ServerProcess {
    /** How long the server stays without a request: seconds, or with a unit (90s, 15m, 2h). */
    static final String IDLE = "CTX_SERVER_IDLE";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    /** The server's log is started afresh past this size. */
    static final long MAX_LOG_BYTES = 1 << 20;

    private ServerProcess() {
    }

    /** {@code ctx server run}: serves until idle, stopped or replaced; exit 0 also when another server runs. */
    static int serve(RuntimeDir dir, Map<String, String> vars) {
        Duration idle;
        try {
            idle = idle(vars.get(IDLE));
        } catch (IllegalArgumentException e) {
            System.err.println("ctx: " + e.getMessage());
            return 2;
        }
        String home = vars.get("HOME");
        // JVM-wide: the server belongs to one user, whose HOME every request shares.
        Ctx.configureProcess(home == null ? null : Path.of(home));
        try (WarmWorkspace workspace = new WarmWorkspace();
             dev.ctx.server.SyncSchedule syncs = new dev.ctx.server.SyncSchedule(workspace, Clock.systemUTC(), System.err)) {
            Resident resident = new LocalResident(dir);
            Server server;
            try {
                server = new Server(new Server.Settings(dir, BuildId.current(), idle,
                        (req, in, out, err) -> new Cli(new Env(req.cwd(), req.env(), in, out, err, Clock.systemUTC(), workspace, resident))
                                .run(req.argv().toArray(String[]::new)),
                        () -> Map.of("repositories", Integer.toString(workspace.size())), System.err), Peers.me());
            } catch (IOException e) {
                System.err.println("ctx: cannot tell which user this is: " + e.getMessage());
                return 7;
            }
            Thread hook = new Thread(() -> server.leaveAndWait(Duration.ofSeconds(5)), "ctx-server-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Server.Outcome outcome = server.run();
            if (outcome instanceof Server.Outcome.Failed f) {
                System.err.println("ctx: the ctx server could not start: " + f.reason());
                return 7;
            }
            return 0; // left, or another server runs already

        }
    }

    static Duration idle(String v) {
        if (v == null || v.isBlank()) {
            return DEFAULT_IDLE;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.matches("\\d+(ms|s|m|h)?")) {
            throw new IllegalArgumentException(IDLE + "=" + v + " is not a duration (seconds, or 500ms, 90s, 15m, 2h)");
        }
        long n = Long.parseLong(t.replaceAll("\\D", ""));
        Duration d = t.endsWith("ms") ? Duration.ofMillis(n) : t.endsWith("h") ? Duration.ofHours(n)
                : t.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
        return d.isZero() ? Duration.ofMillis(1) : d;
    }

    /**
     * Starts {@code java -cp THIS dev.ctx.Main server run} in its own session, stdin from /dev/null, output to
     * the server's log, unless a server holds the lock (running, or starting): many cold commands at once start
     * one JVM, not one each. Failing to start is not an error: this command runs in process anyway.
     */
    static void startDetached(RuntimeDir dir, Map<String, String> vars) {
        try {
            dir.prepare(Peers.me());
            if (lockHeld(dir)) {
                return;
            }
            Path log = dir.log();
            if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.delete(log);
            }
            List<String> cmd = new ArrayList<>(HelperProcess.leavingAtOnce());
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Long-lived: the full JIT (not the launcher's client-only compiler), one heap for model and indexes.
            cmd.addAll(List.of("-XX:+UseSerialGC", "-Xss2m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                    "-Dfile.encoding=UTF-8", "-Dsun.jnu.encoding=UTF-8", "-cp", absoluteClassPath(), Main.class.getName(), "server", "run"));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().clear();
            pb.environment().putAll(vars);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process starter = pb.start();
            // Reaped before this JVM exits: see HelperProcess.leavingAtOnce.
            starter.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            // no server this time; the command runs in process and the next one tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean lockHeld(RuntimeDir dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
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

    /** {@code ctx server status|stop} through the control requests of the protocol. */
    static final class LocalResident implements Resident {
        private final RuntimeDir dir;

        LocalResident(RuntimeDir dir) {
            this.dir = dir;
        }

        @Override
        public Map<String, String> status() throws IOException {
            String reply = Client.control(dir, "status");
            if (reply == null) {
                return null;
            }
            Map<String, String> s = new LinkedHashMap<>();
            for (String line : reply.split("\n")) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    s.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
            return s;
        }

        @Override
        public boolean stop() throws IOException {
            return Client.control(dir, "stop") != null;
        }

        @Override
        public String socket() {
            return dir.socket().toString();
        }
    }
}
