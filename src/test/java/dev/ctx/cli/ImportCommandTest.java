package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx import of CLAUDE.md and AGENTS.md, on the real files of test resources (imports/NOTICE.md). */
class ImportCommandTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
    }

    static Path fixture(String p) throws URISyntaxException {
        return Paths.get(ImportCommandTest.class.getResource("/imports/" + p).toURI());
    }

    /** A copy of a fixture folder as a project of its own (a .git marks its root). */
    private Path project(String fixtureDir) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("projects").resolve(fixtureDir));
        try (Stream<Path> files = Files.list(fixture("agent-instructions/" + fixtureDir))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.createDirectories(dir.resolve(".git"));
        return dir;
    }

    private String head() throws Exception {
        return t.git(repo, "rev-parse", "HEAD").strip();
    }

    private List<String> tracked(String prefix) throws Exception {
        String out = (prefix.isEmpty() ? t.git(repo, "ls-files") : t.git(repo, "ls-files", prefix)).strip();
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    @Test
    void claudeMdSectionsBecomeBlocksInOneCommitWithTheSourceInTrailers() throws Exception {
        Path src = project("modelcontextprotocol__typescript-sdk").resolve("CLAUDE.md");
        String before = head();
        Run r = t.ok("import", src.toString());
        assertEquals(before, t.git(repo, "rev-parse", "HEAD~1").strip(), "one commit");
        String message = t.git(repo, "log", "-1", "--format=%B");
        assertTrue(message.contains("Ctx-Op: import"), message);
        assertTrue(message.contains("Ctx-Import-Source: " + src), message);
        assertTrue(message.contains("Ctx-Import-Format: claude-md"), message);
        // Short top-level sections are pinned; long ones, and sections cut at their subheadings, are on demand.
        String build = Files.readString(repo.resolve("system/project/claude/build-test-commands.md"));
        assertTrue(build.startsWith("---\ndescription: Build & Test Commands (from CLAUDE.md)\n---\n## Build & Test Commands\n"), build);
        assertTrue(Files.exists(repo.resolve("project/claude/code-style-guidelines.md")));
        assertTrue(Files.exists(repo.resolve("project/claude/architecture-overview/core-layers.md")));
        // A '#' line inside a fenced code block is a shell comment, not a heading.
        assertTrue(build.contains("# Run a single package script"), build);
        assertFalse(tracked("").stream().anyMatch(p -> p.contains("run-a-single")), tracked("").toString());
        // Nothing of the file is lost: every line of the source is in some block.
        String all = String.join("\n", tracked("project").stream().map(this::read).toList())
                + String.join("\n", tracked("system/project").stream().map(this::read).toList());
        for (String line : Files.readAllLines(src)) {
            assertTrue(all.contains(line), "lost: " + line);
        }
        assertTrue(r.out().contains("(pinned)"), r.out());
        t.ok("validate");
    }

    private String read(String path) {
        try {
            return Files.readString(repo.resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void importingTheSameSourceAgainChangesNothing() throws Exception {
        Path src = project("anthropics__claude-code-action").resolve("CLAUDE.md");
        t.ok("import", src.toString());
        String head = head();
        Run again = t.ok("import", src.toString());
        assertTrue(again.out().contains("unchanged:") && again.out().contains("no commit"), again.out());
        assertEquals(head, head());
        assertEquals("", t.git(repo, "status", "--porcelain"));
        Run json = t.ok("import", src.toString(), "--json");
        assertTrue(json.out().contains("\"schema_version\":1") && json.out().contains("\"unchanged\":true"), json.out());
    }

    @Test
    void aFileThereWithOtherTextIsAConflictAndNothingIsImported() throws Exception {
        Path src = project("anthropics__claude-code-action").resolve("CLAUDE.md");
        t.ok("write", "system/project/claude/commands.md", "--description", "Our own commands", "--body", "make all");
        String head = head();
        Run r = t.ctx("import", src.toString());
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.err().contains("system/project/claude/commands.md") && r.err().contains("--into"), r.err());
        assertEquals(head, head());
        assertTrue(read("system/project/claude/commands.md").contains("make all"));
        // The dry run shows which file is in the way, and exits as the import would.
        Run dry = t.ctx("import", src.toString(), "--dry-run");
        assertEquals(5, dry.exit(), dry::toString);
        assertTrue(dry.out().contains("CONFLICT (exists with other text): system/project/claude/commands.md"), dry.out());
        // Under another prefix it goes in.
        t.ok("import", src.toString(), "--into", "upstream");
        assertTrue(Files.exists(repo.resolve("system/upstream/claude/commands.md")));
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        Path src = project("modelcontextprotocol__python-sdk").resolve("AGENTS.md");
        String head = head();
        Run r = t.ok("import", src.toString(), "--dry-run");
        assertTrue(r.out().contains("would create: system/project/agents/") && r.out().contains("nothing was changed"), r.out());
        assertEquals(head, head());
        assertEquals(List.of(), tracked("project"));
        assertEquals(List.of(), tracked("system/project"));
    }

    @Test
    void atPathImportsAreFollowedAndEachFileImportedOnce() throws Exception {
        Path dir = project("codemie-ai__codemie-code");
        t.ok("import", dir.resolve("CLAUDE.md").toString());
        List<String> files = tracked("");
        // CLAUDE.md keeps its own prose; the @AGENTS.md line is followed, not copied.
        String claude = read("system/project/claude/overview.md");
        assertTrue(claude.contains("Claude Code entrypoint") && !claude.contains("@AGENTS.md"), claude);
        assertTrue(files.stream().anyMatch(p -> p.contains("project/agents/core-rules")), files.toString());
        // A CLAUDE.md that is only '@AGENTS.md' adds no block of its own.
        Path py = project("modelcontextprotocol__python-sdk");
        Run r = t.ok("import", py.resolve("CLAUDE.md").toString(), "--into", "py");
        assertTrue(r.out().contains("holds nothing but imports"), r.out());
        assertFalse(tracked("").stream().anyMatch(p -> p.startsWith("py/claude") || p.startsWith("system/py/claude")));
        assertTrue(tracked("").stream().anyMatch(p -> p.contains("py/agents/")));
    }

    @Test
    void aClaudeMdLinkedToAgentsMdIsImportedOnce() throws Exception {
        Path dir = project("pydantic__pydantic-ai");
        Files.delete(dir.resolve("CLAUDE.md"));
        Files.createSymbolicLink(dir.resolve("CLAUDE.md"), Path.of("AGENTS.md"));
        Run r = t.ok("import", dir.toString());
        assertFalse(tracked("").stream().anyMatch(p -> p.contains("/claude/")), r.out());
        assertTrue(tracked("").stream().anyMatch(p -> p.contains("project/agents/")), r.out());
    }

    @Test
    void nestedAgentsMdFilesAreKeptApartByFolder() throws Exception {
        Path dir = project("agentskills__agentskills");
        Files.delete(dir.resolve("CLAUDE.md"));
        Path nested = Files.createDirectories(dir.resolve("packages/core"));
        Files.copy(fixture("agent-instructions/modelcontextprotocol__python-sdk/AGENTS.md"), nested.resolve("AGENTS.md"));
        Path hidden = Files.createDirectories(dir.resolve("node_modules/x"));
        Files.writeString(hidden.resolve("AGENTS.md"), "# Not ours\n\n## A\n\ntext\n\n## B\n\ntext\n");
        t.ok("import", dir.toString(), "--format", "agents-md", "--pin", "none");
        List<String> files = tracked("project");
        assertTrue(files.contains("project/agents/authority-and-boundaries.md"), files.toString());
        assertTrue(files.contains("project/packages/core/agents/testing.md"), files.toString());
        assertFalse(files.stream().anyMatch(p -> p.contains("node_modules") || p.contains("not-ours")), files.toString());
        assertTrue(read("project/packages/core/agents/testing.md").contains("(from packages/core/AGENTS.md)"));
        assertEquals(List.of(), tracked("system/project"));
    }

    @Test
    void pinAllPutsEveryBlockUnderSystem() throws Exception {
        Path src = project("agentskills__agentskills").resolve("AGENTS.md");
        t.ok("import", src.toString(), "--pin", "all");
        assertEquals(List.of(), tracked("project"));
        assertEquals(4, tracked("system/project").size(), tracked("system/project").toString());
        assertEquals(2, t.ctx("import", src.toString(), "--pin", "some").exit());
    }

    @Test
    void importCyclesAreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cycle"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("CLAUDE.md"), "# Rules\n\nSee @docs/more.md for more.\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/more.md"), "# More\n\nBack to @../CLAUDE.md\n");
        String head = head();
        Run r = t.ctx("import", dir.resolve("CLAUDE.md").toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("cycle: CLAUDE.md -> docs/more.md -> CLAUDE.md"), r.err());
        assertEquals(head, head());
    }

    @Test
    void importsOutsideTheProjectAreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("proj"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(tmp.resolve("secret-notes.md"), "# Outside\n\nnot part of the project\n");
        String head = head();
        Files.writeString(dir.resolve("CLAUDE.md"), "# Rules\n\n@../secret-notes.md\n");
        Run up = t.ctx("import", dir.resolve("CLAUDE.md").toString());
        assertEquals(4, up.exit(), up::toString);
        assertTrue(up.err().contains("outside the project"), up.err());
        Files.writeString(dir.resolve("CLAUDE.md"), "# Rules\n\n- @~/.claude/my-instructions.md\n");
        Run home = t.ctx("import", dir.resolve("CLAUDE.md").toString());
        assertEquals(4, home.exit(), home::toString);
        assertTrue(home.err().contains("home folder"), home.err());
        Files.createSymbolicLink(dir.resolve("linked.md"), tmp.resolve("secret-notes.md"));
        Files.writeString(dir.resolve("CLAUDE.md"), "# Rules\n\n@linked.md\n");
        Run link = t.ctx("import", dir.resolve("CLAUDE.md").toString());
        assertEquals(4, link.exit(), link::toString);
        assertEquals(head, head());
        // In code, an @ is not an import: a scoped npm package in backticks stays text.
        Files.writeString(dir.resolve("CLAUDE.md"), "# Rules\n\nRun `npm i @scope/pkg` first, and mail me@example.com.\n");
        t.ok("import", dir.resolve("CLAUDE.md").toString());
    }

    @Test
    void aSecretInASectionIsRefusedLikeInEveryWrite() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("leaky"));
        String token = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";
        Files.writeString(dir.resolve("AGENTS.md"), "# Deploy\n\n## Steps\n\nRun make.\n\n## Access\n\nUse the token " + token + " to push.\n");
        String head = head();
        Run r = t.ctx("import", dir.resolve("AGENTS.md").toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("secret") && !r.err().contains(token), r.err());
        assertEquals(head, head());
        assertEquals(List.of(), tracked("project"));
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, t.ctx("import", "x.md", "--format", "word").exit());
        assertEquals(3, t.ctx("import", tmp.resolve("missing/CLAUDE.md").toString()).exit());
        Files.writeString(tmp.resolve("notes.txt"), "hello\n");
        assertEquals(2, t.ctx("import", tmp.resolve("notes.txt").toString()).exit());
        Path src = project("anthropics__claude-code-action").resolve("CLAUDE.md");
        assertEquals(2, t.ctx("import", src.toString(), "--into", "system/x").exit());
        assertEquals(2, t.ctx("import", src.toString(), "--into", "../up").exit());
    }
}
