package dev.ctx.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent-command pass with a shell script standing in for the agent. */
class AgentPassTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theAgentsFileChangesAreCheckedCommittedAndMergedItsBadOnesDropped() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "Build with mvn -B verify");
        Path seen = tmp.resolve("prompt.txt");
        Path agent = tmp.resolve("agent.sh");
        Files.writeString(agent, """
                #!/bin/sh
                # Stands in for 'claude -p': gets the prompt as its last argument, edits files in the current folder.
                printf '%%s' "$1" > '%s'
                pwd >> '%s'
                mkdir -p project
                printf -- '---\\ndescription: What the agent learned\\n---\\n- The CI runs on every push\\n' > project/learned.md
                printf 'format: 1\\nlimits:\\n  default: 10\\n' > ctx.yaml
                """.formatted(seen, seen));
        TestRepo.Run r = m.t.ok("--json", "dream", "--passes", "agent", "--agent-command", "sh " + agent);
        JsonNode d = JSON.readTree(r.out()).get("data");
        assertEquals("merged", d.at("/outcome/kind").asText(), r.toString());
        JsonNode pass = d.get("passes").get(0);
        assertEquals("partly-applied", pass.get("status").asText(), pass.toString());
        assertTrue(pass.get("reason").asText().contains("ctx.yaml"), pass.toString());
        assertTrue(Files.readString(m.mem.resolve("project/learned.md")).contains("The CI runs on every push"));
        assertFalse(Files.readString(m.mem.resolve("ctx.yaml")).contains("default: 10"), "a dream never changes ctx.yaml");
        String got = Files.readString(seen);
        assertTrue(got.contains("consolidating the memory"), got);
        assertTrue(got.contains(".git/ctx/dreams/" + d.get("id").asText() + "/worktree"), "it ran inside the dream's worktree: " + got);
        assertEquals(1, m.t.git(m.mem, "worktree", "list").strip().split("\n").length);
    }

    @Test
    void anAgentThatChangesNothingLeavesNoChanges() throws Exception {
        MessyRepo m = new MessyRepo(tmp);
        m.t.ok("remember", "Build with mvn -B verify");
        JsonNode d = JSON.readTree(m.t.ok("--json", "dream", "--passes", "agent", "--agent-command", "true").out()).get("data");
        assertEquals("no-changes", d.at("/outcome/kind").asText(), d.toString());
        assertEquals("nothing", d.get("passes").get(0).get("status").asText());
    }
}
