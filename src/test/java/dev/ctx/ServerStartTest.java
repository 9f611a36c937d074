package dev.ctx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ctx.server.Client;
import dev.ctx.server.RuntimeDir;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold command's server start: the server must not stay a child of the command's JVM, whose exit then
 * waits up to 300 ms for the thread reaping it (the cold first command was 1.8x the in-process one).
 */
class ServerStartTest {
    @TempDir
    Path tmp;

    @Test
    void theStartedServerIsNoChildOfTheCommandThatStartedIt() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        RuntimeDir dir = new RuntimeDir(run.resolve("ctx"));
        Map<String, String> vars = new HashMap<>(t.env);
        vars.remove("CTX_NO_SERVER");
        vars.put("XDG_RUNTIME_DIR", run.toString());
        vars.put("CTX_SERVER_IDLE", "2m");
        ServerProcess.startDetached(dir, vars);
        try {
            // What this JVM started has ended already, so its exit has no reaper thread to wait for.
            List<String> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .map(h -> h.info().command().orElse("?")).toList();
            assertEquals(List.of(), children, "processes this JVM started that still run");
        } finally {
            // Whatever happened above, the server it started is stopped and awaited: no test leaves one running.
            Map<String, String> status = awaitStatus(dir);
            Client.control(dir, "stop");
            assertNotNull(status, "the detached server answers");
            Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(status.get("pid")));
            if (server.isPresent()) {
                server.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, String> awaitStatus(RuntimeDir dir) throws Exception {
        for (int i = 0; i < 600; i++) {
            String reply = Client.control(dir, "status");
            if (reply != null) {
                Map<String, String> s = new HashMap<>();
                for (String line : reply.split("\n")) {
                    int sp = line.indexOf(' ');
                    if (sp > 0) {
                        s.put(line.substring(0, sp), line.substring(sp + 1));
                    }
                }
                return s;
            }
            Thread.sleep(50);
        }
        return null;
    }
}
