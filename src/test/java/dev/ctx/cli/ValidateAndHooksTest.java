package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndHooksTest {
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

    @Test
    void theBundledExampleSkillsAreValidInStrictMode() throws Exception {
        Path examples = Path.of("skills-examples").toAbsolutePath();
        try (var dirs = Files.list(examples)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Path target = Files.createDirectories(repo.resolve("skills").resolve(d.getFileName()));
                Files.copy(d.resolve("SKILL.md"), target.resolve("SKILL.md"));
            }
        }
        Run r = t.ctx("validate", "--strict");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.exists(repo.resolve("skills/ctx-memory/SKILL.md")));

        // The skill rules really judged those files: the same bytes in a folder of another name, and with a
        // key the specification does not know, are refused by exactly those rules.
        try (var dirs = Files.list(examples)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                String skill = Files.readString(d.resolve("SKILL.md"));
                Path moved = Files.createDirectories(repo.resolve("skills/" + name + "-moved"));
                Files.writeString(moved.resolve("SKILL.md"), skill);
                Path extra = Files.createDirectories(repo.resolve("skills/" + name + "-extra"));
                Files.writeString(extra.resolve("SKILL.md"), skill.replaceFirst("\n---\n", "\nunknown-key: x\n---\n")
                        .replace("name: " + name + "\n", "name: " + name + "-extra\n"));
            }
        }
        Run broken = t.ctx("validate", "--strict");
        assertEquals(1, broken.exit(), broken::toString);
        assertTrue(broken.out().lines().anyMatch(l -> l.startsWith("skills/ctx-memory-moved/SKILL.md:2: skill-name-folder: ")), broken.out());
        assertTrue(broken.out().lines().anyMatch(l -> l.matches("skills/ctx-memory-extra/SKILL.md:\\d+: skill-unknown-key: .*unknown-key.*")), broken.out());
        assertFalse(broken.out().lines().anyMatch(l -> l.startsWith("skills/ctx-memory/SKILL.md:")), "the bundled skill itself stays clean: " + broken.out());
    }

    @Test
    void cleanRepositoryValidates() {
        Run r = t.ctx("validate");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("0 errors"), r.out());
    }

    @Test
    void findingsArePathLineRuleMessageWithExitOne() throws Exception {
        Files.writeString(repo.resolve("nodesc.md"), "---\ntags: [a]\n---\nbody\n");
        Files.createDirectories(repo.resolve("skills/Bad_Name"));
        Files.writeString(repo.resolve("skills/Bad_Name/SKILL.md"), "---\nname: Bad_Name\ndescription: d\n---\nx\n");
        Run r = t.ctx("validate", "--all");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("nodesc\\.md:\\d+: description-required: .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skills/Bad_Name/SKILL.md:2: skill-name")), r.out());
        Run one = t.ctx("validate", "nodesc");
        assertEquals(1, one.exit());
        assertEquals(3, t.ctx("validate", "missing").exit());
    }

    @Test
    void strictTurnsWarningsIntoErrors() throws Exception {
        Files.writeString(repo.resolve("extra.md"), "---\ndescription: d\nowner: me\n---\nbody\n");
        assertEquals(0, t.ctx("validate").exit());
        Run strict = t.ctx("validate", "--strict");
        assertEquals(1, strict.exit(), strict::toString);
        assertTrue(strict.out().contains("unknown-key"), strict.out());
    }

    @Test
    void preCommitHookBlocksInvalidCommitsByPlainGit() throws Exception {
        Run r = t.ctx("hooks", "install");
        assertEquals(0, r.exit(), r::toString);
        Files.writeString(repo.resolve("bad.md"), "no front-matter at all\n");
        t.git(repo, "add", "bad.md");
        IOException refused = assertThrows(IOException.class, () -> t.git(repo, "commit", "-qm", "bad"));
        assertTrue(refused.getMessage().contains("bad.md:1: front-matter-required"), refused.getMessage());
        Files.writeString(repo.resolve("bad.md"), "---\ndescription: fixed\n---\nnow fine\n");
        t.git(repo, "add", "bad.md");
        t.git(repo, "commit", "-qm", "good");
        assertEquals("good", t.git(repo, "log", "-1", "--format=%s").strip());
    }

    @Test
    void hookInstallDoesNotClobberSomeoneElsesHook() throws Exception {
        Path hook = repo.resolve(".git/hooks/pre-commit");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho mine\n");
        assertEquals(5, t.ctx("hooks", "install").exit());
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(hook));
        assertEquals(0, t.ctx("hooks", "install", "--force").exit());
    }
}
