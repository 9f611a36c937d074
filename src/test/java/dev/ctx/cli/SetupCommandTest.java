package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctx setup}: merged into realistic existing files, idempotent, removable exactly, refused on bad files. */
class SetupCommandTest {
    /** As Claude Code writes it (JSON.stringify with two spaces), with a server and settings of the user's own. */
    static final String MCP_JSON = """
            {
              "mcpServers": {
                "github": {
                  "type": "stdio",
                  "command": "npx",
                  "args": [
                    "-y",
                    "@modelcontextprotocol/server-github"
                  ],
                  "env": {
                    "GITHUB_TOKEN": "${GITHUB_TOKEN}"
                  }
                }
              }
            }
            """;
    static final String SETTINGS_JSON = """
            {
              "permissions": {
                "allow": [
                  "Bash(npm run test:*)",
                  "Read(~/.zshrc)"
                ],
                "deny": []
              },
              "hooks": {
                "SessionStart": [
                  {
                    "matcher": "startup",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "echo 'Remember: run the linter'"
                      }
                    ]
                  }
                ],
                "PostToolUse": [
                  {
                    "matcher": "Edit|Write",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "npx prettier --write \\"$CLAUDE_FILE_PATHS\\""
                      }
                    ]
                  }
                ]
              },
              "model": "opus"
            }
            """;
    /** A Codex config.toml as people keep theirs: comments, a profile table, an MCP server of their own. */
    static final String CONFIG_TOML = """
            # Codex configuration
            model = "gpt-5-codex"   # the default model
            approval_policy = "on-request"

            [profiles.deep]
            model_reasoning_effort = "high"

            # servers I use every day
            [mcp_servers.docs]
            command = "npx"
            args = ["-y", "mcp-docs"]
            """;
    static final String AGENTS_MD = "# Contributing\n\nRun `make test` before every push.\n";

    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
        t.env.put("CTX_LAUNCHER", "/opt/ctx tools/bin/ctx");
        project = Files.createDirectories(tmp.resolve("my project"));
        Path skill = Files.createDirectories(repo.resolve("skills/release"));
        Files.writeString(skill.resolve("SKILL.md"), "---\nname: release\ndescription: How this project cuts a release.\n---\nTag, then run make release.\n");
        t.git(repo, "add", "skills");
        t.git(repo, "commit", "-q", "-m", "a skill");
    }

    private Run setup(String... args) {
        List<String> all = new ArrayList<>(List.of("setup"));
        all.addAll(List.of(args));
        all.addAll(List.of("--project", project.toString()));
        return t.ctx(all.toArray(String[]::new));
    }

    private String read(String rel) throws Exception {
        return Files.readString(project.resolve(rel), StandardCharsets.UTF_8);
    }

    private void write(String rel, String text) throws Exception {
        Files.createDirectories(project.resolve(rel).getParent());
        Files.writeString(project.resolve(rel), text, StandardCharsets.UTF_8);
    }

    @Test
    void claudeCodeIsMergedIntoExistingFilesAndRemovedExactly() throws Exception {
        write(".mcp.json", MCP_JSON);
        write(".claude/settings.json", SETTINGS_JSON);
        Run r = setup("claude-code");
        assertEquals(0, r.exit(), r::toString);

        JsonNode mcp = new ObjectMapper().readTree(read(".mcp.json"));
        assertEquals(List.of("github", "ctx"), names(mcp.get("mcpServers")));
        assertEquals("/opt/ctx tools/bin/ctx", mcp.at("/mcpServers/ctx/command").asText());
        assertEquals("[\"--repo\",\"" + repo + "\",\"mcp\"]", mcp.at("/mcpServers/ctx/args").toString());
        assertTrue(read(".mcp.json").startsWith(MCP_JSON.substring(0, MCP_JSON.indexOf("\n    }\n") + 6)), read(".mcp.json"));

        JsonNode settings = new ObjectMapper().readTree(read(".claude/settings.json"));
        assertEquals(List.of("permissions", "hooks", "model"), names(settings));
        assertEquals(List.of("SessionStart", "PostToolUse", "PreCompact", "SessionEnd"), names(settings.get("hooks")));
        JsonNode start = settings.at("/hooks/SessionStart");
        assertEquals(2, start.size(), "the user's own SessionStart hook is kept: " + start);
        assertEquals("startup|resume|clear|compact", start.get(1).get("matcher").asText());
        assertTrue(start.get(1).at("/hooks/0/command").asText().startsWith("'/opt/ctx tools/bin/ctx' --repo " + repo + " context"));
        assertTrue(settings.at("/hooks/SessionEnd/0/hooks/0/command").asText().contains("recall ingest --hook --detach"));
        assertTrue(read(".claude/skills/release/SKILL.md").contains("make release"));

        String mcpAfter = read(".mcp.json");
        String settingsAfter = read(".claude/settings.json");
        Run again = setup("claude-code");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("unchanged"), again.out());
        assertEquals(mcpAfter, read(".mcp.json"));
        assertEquals(settingsAfter, read(".claude/settings.json"));

        Run rm = setup("claude-code", "--remove");
        assertEquals(0, rm.exit(), rm::toString);
        assertEquals(MCP_JSON, read(".mcp.json"));
        assertEquals(SETTINGS_JSON, read(".claude/settings.json"));
        assertFalse(Files.exists(project.resolve(".claude/skills")), "the exported skill and its folders are gone");
    }

    @Test
    void claudeCodeInAnEmptyProjectCreatesItsFilesAndRemoveDeletesThem() throws Exception {
        assertEquals(0, setup("claude-code").exit());
        assertTrue(Files.exists(project.resolve(".mcp.json")));
        assertTrue(Files.exists(project.resolve(".claude/settings.json")));
        assertEquals(0, setup("claude-code", "--remove").exit());
        try (var s = Files.list(project)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void codexKeepsTheConfigAsWrittenAndChecksWhatItWrote() throws Exception {
        write(".codex/config.toml", CONFIG_TOML);
        write("AGENTS.md", AGENTS_MD);
        Run r = setup("codex");
        assertEquals(0, r.exit(), r::toString);
        String toml = read(".codex/config.toml");
        assertTrue(toml.startsWith(CONFIG_TOML), toml);
        JsonNode parsed = new TomlMapper().readTree(toml);
        assertEquals("/opt/ctx tools/bin/ctx", parsed.at("/mcp_servers/ctx/command").asText());
        assertEquals("npx", parsed.at("/mcp_servers/docs/command").asText());
        assertTrue(read("AGENTS.md").startsWith(AGENTS_MD) && read("AGENTS.md").contains("memory_context"), read("AGENTS.md"));
        JsonNode hooks = new ObjectMapper().readTree(read(".codex/hooks.json"));
        assertTrue(hooks.at("/hooks/SessionStart/0/hooks/1/command").asText().contains("recall ingest --codex-sessions --detach"), hooks.toString());
        for (String s : List.of("ctx-init", "ctx-remember", "ctx-forget", "release")) {
            assertTrue(Files.exists(project.resolve(".agents/skills/" + s + "/SKILL.md")), s);
        }
        assertTrue(r.out().contains("trust"), "says a person must trust the hooks: " + r.out());

        Run again = setup("codex");
        assertTrue(again.out().contains("unchanged"), again.out());
        assertEquals(toml, read(".codex/config.toml"));

        assertEquals(0, setup("codex", "--remove").exit());
        assertEquals(CONFIG_TOML, read(".codex/config.toml"));
        assertEquals(AGENTS_MD, read("AGENTS.md"));
        assertFalse(Files.exists(project.resolve(".codex/hooks.json")));
        assertFalse(Files.exists(project.resolve(".agents")));
    }

    @Test
    void exportedProcedureSkillsPassTheRepositorysSkillRules() throws Exception {
        assertEquals(0, setup("codex").exit());
        for (String s : List.of("ctx-init", "ctx-remember", "ctx-forget")) {
            Path to = Files.createDirectories(repo.resolve("skills/" + s));
            Files.copy(project.resolve(".agents/skills/" + s + "/SKILL.md"), to.resolve("SKILL.md"));
        }
        Run v = t.ctx("validate", "--all", "--strict");
        assertEquals(0, v.exit(), v::toString);
    }

    @Test
    void aBadExistingFileIsOneErrorAndNothingIsWritten() throws Exception {
        write(".mcp.json", "{\"mcpServers\": {\"github\": }\n");
        Run r = setup("claude-code");
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains(".mcp.json is not valid JSON (line 1"), r.err());
        assertFalse(Files.exists(project.resolve(".claude")));

        write(".codex/config.toml", "model = \"x\"\n[profiles\n");
        Run c = setup("codex");
        assertEquals(4, c.exit(), c::toString);
        assertTrue(c.err().contains("config.toml as it is is not valid TOML"), c.err());
        assertFalse(Files.exists(project.resolve("AGENTS.md")));

        write(".codex/config.toml", "[mcp_servers.ctx]\ncommand = \"old\"\n");
        assertEquals(5, setup("codex").exit());
    }

    @Test
    void dryRunShowsTheDiffAndWritesNothing() throws Exception {
        write(".codex/config.toml", CONFIG_TOML);
        Run r = setup("codex", "--dry-run");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("+[mcp_servers.ctx]"), r.out());
        assertTrue(r.out().contains("would create " + project.resolve("AGENTS.md")), r.out());
        assertEquals(CONFIG_TOML, read(".codex/config.toml"));
        assertFalse(Files.exists(project.resolve("AGENTS.md")));
    }

    @Test
    void aSkillOfTheUsersOwnIsNeverOverwritten() throws Exception {
        write(".claude/skills/release/SKILL.md", "mine\n");
        Run r = setup("claude-code");
        assertEquals(5, r.exit(), r::toString);
        assertEquals("mine\n", read(".claude/skills/release/SKILL.md"));
        assertFalse(Files.exists(project.resolve(".mcp.json")));
    }

    @Test
    void userScopeWritesTheUsersOwnFiles() throws Exception {
        Files.writeString(t.home.resolve(".claude.json"), "{\n  \"numStartups\": 12,\n  \"projects\": {}\n}\n");
        Path codexHome = tmp.resolve("codex-home");
        t.env.put("CODEX_HOME", codexHome.toString());
        assertEquals(0, t.ctx("setup", "claude-code", "--user").exit());
        assertEquals(0, t.ctx("setup", "codex", "--user").exit());
        JsonNode claude = new ObjectMapper().readTree(Files.readString(t.home.resolve(".claude.json")));
        assertEquals(List.of("numStartups", "projects", "mcpServers"), names(claude));
        assertTrue(Files.exists(t.home.resolve(".claude/settings.json")));
        assertTrue(Files.exists(t.home.resolve(".claude/skills/release/SKILL.md")));
        assertTrue(Files.readString(codexHome.resolve("config.toml")).contains("[mcp_servers.ctx]"));
        assertTrue(Files.exists(codexHome.resolve("AGENTS.md")) && Files.exists(codexHome.resolve("hooks.json")));
        assertTrue(Files.exists(t.home.resolve(".agents/skills/ctx-init/SKILL.md")));
        assertEquals(2, t.ctx("setup", "codex", "--user", "--project", project.toString()).exit());
        assertEquals(2, t.ctx("setup", "cursor").exit());

        // Removal needs no repository: it works after the memory was deleted.
        t.env.put("CTX_REPO", tmp.resolve("gone").toString());
        assertEquals(0, t.ctx("setup", "claude-code", "--user", "--remove").exit());
        assertEquals("{\n  \"numStartups\": 12,\n  \"projects\": {}\n}\n", Files.readString(t.home.resolve(".claude.json")));
    }

    @Test
    void aSetupWithAnotherLauncherReplacesCtxsEntriesInPlace() throws Exception {
        write(".claude/settings.json", SETTINGS_JSON);
        assertEquals(0, setup("claude-code").exit());
        t.env.put("CTX_LAUNCHER", "/usr/local/bin/ctx");
        assertEquals(0, setup("claude-code").exit());
        JsonNode hooks = new ObjectMapper().readTree(read(".claude/settings.json")).get("hooks");
        assertEquals(2, hooks.get("SessionStart").size(), hooks.toString());
        assertTrue(hooks.at("/SessionStart/1/hooks/0/command").asText().startsWith("/usr/local/bin/ctx --repo"), hooks.toString());
        assertEquals(1, hooks.get("SessionEnd").size());
        assertEquals("/usr/local/bin/ctx", new ObjectMapper().readTree(read(".mcp.json")).at("/mcpServers/ctx/command").asText());
    }

    /** The hooks as a shell runs them, with a stand-in launcher that records its arguments and stdin. */
    @Test
    void theHooksRunTheLauncherOnThisRepository() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("a dir with spaces"));
        Path standIn = bin.resolve("ctx");
        Path log = tmp.resolve("calls");
        Files.writeString(standIn, "#!/bin/sh\nprintf '%s|' \"$@\" >> '" + log + "'\necho >> '" + log + "'\ncat >> '" + log + "'\necho '## memory'\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        t.env.put("CTX_LAUNCHER", standIn.toString());
        assertEquals(0, setup("claude-code").exit());
        JsonNode hooks = new ObjectMapper().readTree(read(".claude/settings.json")).get("hooks");

        assertEquals("## memory\n", sh(hooks.at("/SessionStart/0/hooks/0/command").asText(), "{\"source\":\"startup\"}"));
        String end = "{\"session_id\":\"s-9\",\"transcript_path\":\"/tmp/t.jsonl\",\"hook_event_name\":\"SessionEnd\"}";
        sh(hooks.at("/SessionEnd/0/hooks/0/command").asText(), end);
        String calls = Files.readString(log);
        assertTrue(calls.startsWith("--repo|" + repo + "|context|\n"), calls);
        assertTrue(calls.contains("--repo|" + repo + "|--agent|claude-code|recall|ingest|--hook|--detach|\n" + end), calls);
    }

    /** --dream adds a second SessionEnd command that dreams when due, detached; setup without it takes it out again. */
    @Test
    void dreamAtSessionEndIsAddedWhenAskedAndRunsARealDreamCommand() throws Exception {
        Path standIn = tmp.resolve("ctx-stand-in");
        Path log = tmp.resolve("dream-calls");
        Files.writeString(standIn, "#!/bin/sh\nprintf '%s|' \"$@\" >> '" + log + "'\necho >> '" + log + "'\ncat > /dev/null\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        t.env.put("CTX_LAUNCHER", standIn.toString());
        assertEquals(0, setup("claude-code", "--dream").exit());
        JsonNode end = new ObjectMapper().readTree(read(".claude/settings.json")).at("/hooks/SessionEnd/0/hooks");
        assertEquals(2, end.size(), end.toString());
        sh(end.get(1).get("command").asText(), "{\"hook_event_name\":\"SessionEnd\"}");
        String call = Files.readString(log).strip();
        assertEquals("--repo|" + repo + "|--agent|claude-code|dream|--if-due|--detach|", call);

        // The hook's arguments are a dream the real CLI accepts (run here without --detach, so in this process):
        // a new repository has learned too little, so the dream is not due and nothing changes.
        String before = t.git(repo, "rev-parse", "HEAD");
        List<String> args = new ArrayList<>(List.of(call.split("\\|")));
        args.remove("--detach");
        assertEquals(0, t.ctx(args.toArray(String[]::new)).exit());
        assertEquals(before, t.git(repo, "rev-parse", "HEAD"));

        String settings = read(".claude/settings.json");
        assertEquals(0, setup("claude-code", "--dream").exit());
        assertEquals(settings, read(".claude/settings.json"), "a second setup with --dream changes nothing");
        assertEquals(0, setup("claude-code", "--dream=review").exit());
        assertTrue(read(".claude/settings.json").contains("dream --if-due --review --detach"));
        assertEquals(0, setup("claude-code").exit());
        assertFalse(read(".claude/settings.json").contains(" dream "), "setup without --dream takes the dream hook out");
        assertEquals(2, setup("claude-code", "--dream=sometimes").exit());

        assertEquals(0, setup("codex", "--dream").exit());
        JsonNode start = new ObjectMapper().readTree(read(".codex/hooks.json")).at("/hooks/SessionStart/0/hooks");
        assertEquals(3, start.size(), start.toString());
        assertTrue(start.get(2).get("command").asText().contains("--agent codex dream --if-due --detach"), start.toString());
    }

    private String sh(String command, String stdin) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
