package dev.ctx.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import dev.ctx.support.WriterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dreams beside other processes: one dream at a time, agents writing to main while a dream runs (real
 * processes), a person's edit that conflicts with the dream, and dreams SIGKILLed at random moments.
 */
class DreamConcurrencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** An agent command that says it started, then waits for the test to release it (bounded, so it never outlives the test long). */
    private static String blockingAgent(Path tmp) throws Exception {
        Path script = tmp.resolve("blocking-agent.sh");
        Files.writeString(script, """
                #!/bin/sh
                touch '%1$s/started'
                i=0
                while [ ! -f '%1$s/release' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
                printf -- '---\\ndescription: Learned while main moved\\n---\\n- The dream ran beside writers\\n' > agent-notes.md
                """.formatted(tmp));
        return "sh " + script;
    }

    private static void awaitFile(Path f) throws InterruptedException {
        for (int i = 0; i < 1200 && !Files.exists(f); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(f), f + " appeared");
    }

    private static MessyRepo duplicates(Path tmp) throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "Build with mvn -B verify before pushing");
        m.t.ok("remember", "Tests need Docker running locally");
        m.t.ok("remember", "build with mvn -B verify before pushing");
        return m;
    }

    private static CompletableFuture<TestRepo.Run> dreamInBackground(MessyRepo m, String agent) {
        return CompletableFuture.supplyAsync(() -> m.t.ctx("--json", "dream", "--agent-command", agent));
    }

    @Test
    void oneDreamAtATime() throws Exception {
        MessyRepo m = duplicates(tmp);
        CompletableFuture<TestRepo.Run> first = dreamInBackground(m, blockingAgent(tmp));
        awaitFile(tmp.resolve("started"));
        TestRepo.Run second = m.t.ctx("dream");
        assertEquals(5, second.exit(), second.toString());
        assertTrue(second.err().contains("another dream is running"), second.err());
        Files.createFile(tmp.resolve("release"));
        TestRepo.Run r = first.get(120, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void agentsWritingToMainDuringADreamLoseNothing() throws Exception {
        MessyRepo m = duplicates(tmp);
        CompletableFuture<TestRepo.Run> dream = dreamInBackground(m, blockingAgent(tmp));
        awaitFile(tmp.resolve("started"));
        List<Process> writers = new ArrayList<>();
        for (String agent : new String[] {"w1", "w2"}) {
            writers.add(m.t.start(WriterProcess.class, ProcessBuilder.Redirect.DISCARD, m.mem.toString(), agent, "12"));
        }
        List<String> ok = new ArrayList<>();
        for (Process p : writers) {
            for (String line : TestRepo.lines(p)) {
                if (line.startsWith("OK ")) {
                    ok.add(line.split(" ")[1]);
                }
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        }
        assertEquals(24, ok.size(), "every write succeeded while the dream ran");
        Files.createFile(tmp.resolve("release"));
        TestRepo.Run r = dream.get(120, TimeUnit.SECONDS);
        JsonNode d = JSON.readTree(r.out()).get("data");
        assertEquals("merged", d.at("/outcome/kind").asText(), r.toString());
        assertEquals("merge-commit", d.at("/outcome/how").asText());
        for (String c : ok) {
            m.t.git(m.mem, "merge-base", "--is-ancestor", c, "HEAD"); // throws unless every acknowledged write is in history
        }
        assertTrue(Files.readString(m.mem.resolve("shared/facts.md")).contains("fact w2-9"));
        assertEquals(1, DreamTest.count(Files.readString(m.mem.resolve("system/notes.md")), "with mvn -B verify"));
        assertTrue(Files.exists(m.mem.resolve("agent-notes.md")));
        assertEquals("", m.t.git(m.mem, "status", "--porcelain"));
        m.t.assertFsckClean(m.mem);
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length);
    }

    @Test
    void aConflictingEditOnMainKeepsTheDreamAsAProposal() throws Exception {
        MessyRepo m = duplicates(tmp);
        CompletableFuture<TestRepo.Run> dream = dreamInBackground(m, blockingAgent(tmp));
        awaitFile(tmp.resolve("started"));
        m.t.ok("replace", "system/notes.md", "--old", "- build with mvn -B verify before pushing", "--new", "- build with mvn -B -T4 verify before pushing");
        String main = m.t.git(m.mem, "rev-parse", "HEAD");
        Files.createFile(tmp.resolve("release"));
        TestRepo.Run r = dream.get(120, TimeUnit.SECONDS);
        assertEquals(5, r.exit(), r.toString());
        JsonNode d = JSON.readTree(r.out()).get("data");
        assertEquals("conflict", d.at("/outcome/kind").asText());
        assertTrue(d.at("/outcome/paths").toString().contains("system/notes.md"), d.toString());
        assertEquals(main, m.t.git(m.mem, "rev-parse", "HEAD"), "main keeps the person's edit, untouched");
        String id = d.get("id").asText();
        assertTrue(m.t.git(m.mem, "branch", "--list", "ctx/dream/" + id).contains(id), "the branch stays");
        assertEquals("conflict", JSON.readTree(m.t.ok("--json", "dream", "list").out()).get("data").get(0).get("state").asText());
    }

    @Test
    void aKilledDreamIsRecoveredByTheNextRunItsBranchKept() throws Exception {
        MessyRepo m = duplicates(tmp);
        String main = m.t.git(m.mem, "rev-parse", "HEAD");
        Process p = m.t.process(m.mem, "dream", "--agent-command", blockingAgent(tmp));
        awaitFile(tmp.resolve("started"));
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly().waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        assertEquals(2, m.t.git(m.mem, "worktree", "list").strip().split("\n").length, "the killed dream's worktree is still there");
        assertEquals(main, m.t.git(m.mem, "rev-parse", "HEAD"), "main untouched");
        String killed = m.t.git(m.mem, "branch", "--list", "--format=%(refname:short)", "ctx/dream/*").strip();
        TestRepo.Run r = m.t.ok("--json", "dream");
        JsonNode d = JSON.readTree(r.out()).get("data");
        assertTrue(d.get("note").asText().contains("recovered") && d.get("note").asText().contains(killed.substring("ctx/dream/".length())), d.toString());
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length);
        assertEquals(killed, m.t.git(m.mem, "branch", "--list", "--format=%(refname:short)", killed).strip(), "its branch is kept as a proposal");
        JsonNode list = JSON.readTree(m.t.ok("--json", "dream", "list").out()).get("data");
        assertTrue(list.toString().contains("\"state\":\"failed\""), list.toString());
        m.t.assertFsckClean(m.mem);
    }

    @Test
    void aDreamKilledBeforeItsFirstPassLeavesNoEmptyBranchBehind() throws Exception {
        MessyRepo m = duplicates(tmp);
        String base = m.t.git(m.mem, "rev-parse", "HEAD").strip();
        m.t.git(m.mem, "branch", "ctx/dream/20260101-000000-dead", base);
        Path record = Files.createDirectories(m.mem.resolve(".git/ctx/dreams/20260101-000000-dead")).resolve("record.json");
        Files.writeString(record, "{\"id\":\"20260101-000000-dead\",\"base\":\"" + base + "\",\"phase\":\"worktree\"}");
        JsonNode d = JSON.readTree(m.t.ok("--json", "dream").out()).get("data");
        assertTrue(d.get("note").asText().contains("20260101-000000-dead"), d.toString());
        assertEquals("", m.t.git(m.mem, "branch", "--list", "ctx/dream/20260101-000000-dead"), "an empty branch holds no proposal");
        assertTrue(Files.readString(record).contains("\"outcome\" : \"failed\""), Files.readString(record));
    }

    @Test
    void dreamsKilledAtRandomMomentsLeaveMainWholeAndTheNextRunClean() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.mess();
        Random random = new Random(14);
        for (int round = 0; round < 3; round++) {
            String before = m.t.git(m.mem, "rev-parse", "HEAD").strip();
            Process p = m.t.process(m.mem, "dream");
            Thread.sleep(300 + random.nextInt(1500));
            p.destroyForcibly().waitFor();
            String after = m.t.git(m.mem, "rev-parse", "HEAD").strip();
            if (!after.equals(before)) {
                // Killed after it landed: main moved to a whole dream, nothing in between.
                assertTrue(m.t.git(m.mem, "log", "-1", "--format=%B", after).contains("Ctx-Dream:"), "main holds only a whole dream");
            }
            m.t.assertFsckClean(m.mem);
            m.t.ok("status"); // any command of this worktree finishes a write a killed process left half done
            m.file("project/round-" + round + ".md", "---\ndescription: round " + round + "\n---\n- duplicate line " + round + "\n- duplicate line " + round + "\n");
            m.commit("more mess");
        }
        TestRepo.Run r = m.t.ok("--json", "dream");
        assertEquals("merged", JSON.readTree(r.out()).get("data").at("/outcome/kind").asText(), r.toString());
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length);
        assertEquals("", m.t.git(m.mem, "status", "--porcelain"));
        m.t.assertFsckClean(m.mem);
    }
}
