package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx export: the pinned memory as one marked block of CLAUDE.md or AGENTS.md. */
class ExportCommandTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
        t.ok("write", "system/project/conventions.md", "--description", "Build and test conventions", "--body", "Build with make; test with make test.");
        t.ok("write", "notes/deep.md", "--description", "On-demand detail", "--body", "Not pinned, not exported.");
    }

    @Test
    void theBlockIsMergedIntoAnExistingFileAndAgainChangesNothing() throws Exception {
        Path file = tmp.resolve("project/CLAUDE.md");
        Files.createDirectories(file.getParent());
        String own = "# My project\n\nHand-written rules stay as they are.\n";
        Files.writeString(file, own);
        Run r = t.ok("export", "--to", "claude-md", file.toString());
        assertTrue(r.out().contains("updated " + file), r.out());
        String text = Files.readString(file);
        assertTrue(text.startsWith(own + "\n<!-- ctx export: begin"), text);
        assertTrue(text.contains("## Build and test conventions\n\nBuild with make; test with make test.\n"), text);
        assertTrue(text.contains("I am a coding agent working in this project."), "the starter persona is pinned too: " + text);
        assertTrue(!text.contains("Not pinned"), text);
        assertTrue(text.endsWith("<!-- ctx export: end -->\n"), text);
        Run again = t.ok("export", "--to", "claude-md", file.toString());
        assertTrue(again.out().contains("unchanged:"), again.out());
        assertEquals(text, Files.readString(file));
        // New pinned memory replaces the block in place; the person's text is still there, once.
        t.ok("remember", "Releases are tagged vX.Y.Z");
        t.ok("export", "--to", "claude-md", file.toString());
        String after = Files.readString(file);
        assertTrue(after.startsWith(own) && after.contains("Releases are tagged vX.Y.Z"), after);
        assertEquals(1, after.split("ctx export: begin", -1).length - 1, after);
    }

    @Test
    void anAgentsMdLinkIsWrittenThroughAndAnImportedSectionKeepsItsHeading() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("proj"));
        Files.writeString(dir.resolve("AGENTS.md"), "# Agents\n");
        Files.createSymbolicLink(dir.resolve("CLAUDE.md"), Path.of("AGENTS.md"));
        Path src = tmp.resolve("in/AGENTS.md");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "# Rules\n\nBe brief.\n\n## Testing\n\nRun the unit tests first.\n");
        t.ok("import", src.toString(), "--into", "up");
        t.ok("export", "--to", "agents-md", dir.resolve("CLAUDE.md").toString());
        assertTrue(Files.isSymbolicLink(dir.resolve("CLAUDE.md")));
        String text = Files.readString(dir.resolve("AGENTS.md"));
        assertTrue(text.startsWith("# Agents\n") && text.contains("## Testing\n\nRun the unit tests first.\n"), text);
        assertTrue(!text.contains("## Testing (from"), text);
    }

    @Test
    void aDryRunWritesNothingAndBadTargetsAreUsageErrors() throws Exception {
        Path file = tmp.resolve("AGENTS.md");
        Run r = t.ok("export", "--to", "agents-md", file.toString(), "--dry-run");
        assertTrue(r.out().contains("would be created") && r.out().contains("Build with make"), r.out());
        assertTrue(!Files.exists(file));
        assertEquals(2, t.ctx("export", "--to", "letta-af", file.toString()).exit());
        assertEquals(2, t.ctx("export", file.toString()).exit());
        assertEquals(2, t.ctx("export", "--to", "claude-md", tmp.toString()).exit());
    }
}
