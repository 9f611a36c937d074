package dev.ctx.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, leave, replacement and clients that vanish, with real server and client processes. */
class ServerLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondServerLeavesAtOnceAndStopEndsTheFirst() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            Process first = f.start();
            String pid = f.status().get("pid");
            Process second = f.spawn();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second server left");
            assertEquals(0, second.exitValue());
            assertEquals(pid, f.status().get("pid"), "the first one still serves");
            assertNotNull(Client.control(f.dir, "stop"));
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "stopped");
            assertEquals(null, f.status());
        }
    }

    @Test
    void aClientOfAnotherBuildRunsInProcessAndTheServerLeavesForIt() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            Process server = f.start();
            Client.Result r = Client.run(f.dir, "some-other-build", List.of("--version"), tmp, f.env, InputStream.nullInputStream(),
                    new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertInstanceOf(Client.Result.Unavailable.class, r, "nothing ran: the client runs it itself");
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the old build left");
            assertTrue(f.log().contains("replaced by a client of build ctx1 some-other-build"), f.log());
        }
    }

    @Test
    void anIdleServerLeavesByItself() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.env.put("CTX_SERVER_IDLE", "1s");
            Process server = f.start();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "left when idle");
            assertTrue(f.log().contains("idle for 1 s"), f.log());
        }
    }

    @Test
    void aClientKilledMidRequestLeavesTheServerServingAndWritesNothing() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            Path repo = init(f);
            // The command waits for stdin the client never sends: killed there, it must write nothing.
            Process client = f.clientProcess(repo, "write", "notes/killed", "--description", "d", "-").start();
            awaitActive(f);
            client.destroyForcibly();
            assertTrue(client.waitFor(30, TimeUnit.SECONDS));
            awaitIdle(f);
            assertEquals(3, f.client(repo, "", "show", "notes/killed").exit(), "nothing half-written");
            assertEquals(0, f.client(repo, "", "remember", "still serving").exit());
        }
    }

    @Test
    void ctrlCCancelsTheRequestAndTheServerKeepsServing() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            f.start();
            Path repo = init(f);
            Process client = f.clientProcess(repo, "write", "notes/cancelled", "--description", "d", "-").start();
            awaitActive(f);
            new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor();
            assertTrue(client.waitFor(30, TimeUnit.SECONDS));
            assertEquals(130, client.exitValue(), "exits as on SIGINT");
            awaitIdle(f);
            assertEquals(3, f.client(repo, "", "show", "notes/cancelled").exit(), "the cancelled write did not happen");
            assertEquals(0, f.client(repo, "", "remember", "still serving").exit());
        }
    }

    @Test
    void aServerKilledMidWriteLosesNoAcknowledgedWriteAndTheNextClientStartsANewOne() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp)) {
            Process server = f.start();
            Path repo = init(f);
            String oldPid = f.status().get("pid");
            ProcessBuilder pb = f.clientProcess(repo);
            List<Process> writers = new java.util.ArrayList<>();
            for (int w = 0; w < 3; w++) {
                List<String> cmd = new java.util.ArrayList<>(TestRepo.javaCommand("dev.ctx.ServerWriter"));
                cmd.addAll(List.of(repo.toString(), "w" + w, "20"));
                writers.add(pb.command(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            // Kill it while writes are in flight: after the first acknowledgements, not before.
            java.io.BufferedReader first = new java.io.BufferedReader(new java.io.InputStreamReader(writers.get(0).getInputStream(), StandardCharsets.UTF_8));
            List<String> acks0 = new java.util.ArrayList<>();
            for (String l; acks0.size() < 3 && (l = first.readLine()) != null; ) {
                acks0.add(l);
            }
            server.destroyForcibly();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            List<String> lines = new java.util.ArrayList<>(acks0);
            for (String l; (l = first.readLine()) != null; ) {
                lines.add(l);
            }
            for (Process w : writers.subList(1, writers.size())) {
                lines.addAll(TestRepo.lines(w));
            }
            for (Process w : writers) {
                assertTrue(w.waitFor(120, TimeUnit.SECONDS));
            }
            for (String l : lines) {
                if (l.startsWith("ack ")) {
                    String[] p = l.split(" ");
                    String file = f.t.git(repo, "show", "HEAD:notes/" + p[1] + ".md");
                    assertTrue(file.contains(p[1] + " fact " + p[2]), "acknowledged write " + l + " is in history");
                }
            }
            assertTrue(lines.stream().filter(l -> l.startsWith("ack ")).count() >= 3);
            f.t.assertFsckClean(repo);
            // A client after the crash started a new server (its socket was left behind by the killed one).
            for (int i = 0; i < 600 && (f.status() == null || oldPid.equals(f.status().get("pid"))); i++) {
                Thread.sleep(50);
            }
            assertNotNull(f.status(), "a new server runs");
            assertNotEquals(oldPid, f.status().get("pid"));
        }
    }

    private static Path init(ServerFixture f) {
        TestRepo.Run r = f.client(f.t.dir, "", "init", "mem");
        assertEquals(0, r.exit(), r.toString());
        return f.t.dir.resolve("mem");
    }

    /** Waits until one request besides the status request is in flight. */
    private static void awaitActive(ServerFixture f) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if ("1".equals(f.status().get("active"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request never started: " + f.status());
    }

    private static void awaitIdle(ServerFixture f) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if ("0".equals(f.status().get("active"))) {
                return;
            }
            Thread.sleep(50);
        }
        assertFalse(true, "the request never ended: " + f.status());
    }
}
