package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx context on the command line: the text passed through, --json wrapped as every command, usage errors. */
class ContextCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheContextWrapsItInJsonAndRefusesBadOptions() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path repo = t.dir.resolve("r");
        assertEquals(0, t.ctx("init", repo.toString()).exit());
        t.env.put("CTX_REPO", repo.toString());
        assertEquals(0, t.ctx("remember", "the build uses maven", "--reason", "r").exit());
        TestRepo.Run md = t.ctx("context");
        assertEquals(0, md.exit(), md::toString);
        assertTrue(md.out().startsWith("# Memory (ctx)") && md.out().contains("the build uses maven"), md.out());
        assertEquals(md.out(), t.ctx("context").out(), "the same commit, the same bytes");
        assertTrue(t.ctx("context", "--format", "xml").out().startsWith("<memory "));
        JsonNode wrapped = new ObjectMapper().readTree(t.ctx("--json", "context", "--budget", "100").out());
        assertEquals("context", wrapped.get("command").asText());
        JsonNode data = wrapped.get("data");
        assertEquals(100, data.get("budget_tokens").asInt());
        assertTrue(data.get("cut").size() > 0, "a 100-token budget cuts something");
        assertTrue(data.get("text").asText().contains("Cut to fit the budget"));
        assertEquals(2, t.ctx("context", "--format", "yaml").exit());
        assertEquals(2, t.ctx("context", "--budget", "0").exit());
    }
}
