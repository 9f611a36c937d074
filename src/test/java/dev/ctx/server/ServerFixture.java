package dev.ctx.server;

import dev.ctx.support.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real resident server process for a test: its own runtime folder, HOME and git config (never a
 * developer's server), started with {@code dev.ctx.Main server run} on the test class path, stopped
 * (and, failing that, killed) by {@link #close}: no test leaves a server running.
 */
final class ServerFixture implements AutoCloseable {
    final TestRepo t;
    final RuntimeDir dir;
    final Map<String, String> env = new HashMap<>();
    private final List<Process> servers = new ArrayList<>();

    ServerFixture(Path tmp) throws IOException {
        t = new TestRepo(tmp);
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        dir = new RuntimeDir(run.resolve("ctx"));
        env.putAll(t.env);
        env.remove("CTX_NO_SERVER");
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("CTX_SERVER_IDLE", "5m");
    }

    /** Starts a server process and waits until it answers. */
    Process start() throws Exception {
        Process p = spawn();
        for (int i = 0; i < 600 && status() == null; i++) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited " + p.exitValue() + ": " + log());
            }
            Thread.sleep(50);
        }
        if (status() == null) {
            throw new AssertionError("server did not answer: " + log());
        }
        return p;
    }

    /** Starts {@code ctx server run} without waiting for it. */
    Process spawn() throws IOException {
        List<String> cmd = new ArrayList<>(TestRepo.javaCommand("dev.ctx.Main"));
        cmd.addAll(List.of("server", "run"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(t.home.resolve("server-test.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        servers.add(p);
        return p;
    }

    String log() throws IOException {
        Path l = t.home.resolve("server-test.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    Map<String, String> status() throws IOException {
        String reply = Client.control(dir, "status");
        if (reply == null) {
            return null;
        }
        Map<String, String> s = new HashMap<>();
        for (String line : reply.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                s.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return s;
    }

    /** One command through the server from this JVM, as the Java client sends it. */
    TestRepo.Run client(Path cwd, String stdin, String... args) {
        return client(cwd, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    TestRepo.Run client(Path cwd, java.io.InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Client.Result r = Client.run(dir, BuildId.current(), List.of(args), cwd, env,
                stdin, out, err);
        if (!(r instanceof Client.Result.Done d)) {
            throw new AssertionError("not served: " + r);
        }
        return new TestRepo.Run(d.exit(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A client process: {@code java dev.ctx.Main ARGS} with this fixture's environment. */
    ProcessBuilder clientProcess(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(TestRepo.javaCommand("dev.ctx.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    @Override
    public void close() throws Exception {
        // Also a server a client process started by itself (after a crash): found by its pid, stopped, awaited.
        try {
            Map<String, String> s = status();
            Client.control(dir, "stop");
            if (s != null) {
                java.util.Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(s.get("pid")));
                if (h.isPresent()) {
                    try {
                        h.get().onExit().get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        h.get().destroyForcibly();
                    }
                }
            }
        } catch (IOException ignored) {
            // none running, or the folder was made unsafe on purpose
        }
        for (Process p : servers) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
