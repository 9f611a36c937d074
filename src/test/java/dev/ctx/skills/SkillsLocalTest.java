package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.model.CtxException;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skills without a server: validation modes, folders as sources (in git or not), export and import, new, origin lines. */
class SkillsLocalTest {
    @TempDir
    Path tmp;

    @Test
    void everyExampleIsValidUnderStrictAndThereAreAtLeastFive() throws Exception {
        TestRepo t = new TestRepo(tmp);
        List<Path> examples = DiskSkills.skillsIn(SkillsRepoFixture.EXAMPLES.toAbsolutePath());
        assertTrue(examples.size() >= 6, "ctx-memory and five more: " + examples);
        for (Path e : examples) {
            Run r = t.ctx("skills", "validate", "--strict", e.toString());
            assertEquals(0, r.exit(), e + " -> " + r);
            assertTrue(r.out().endsWith("0 errors, 0 warnings\n"), r.out());
        }
    }

    @Test
    void strictIsTheReferenceValidatorsRuleSet() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path claude = skill(tmp.resolve("a/review"), "name: review\ndescription: Review code. Use on pull requests.\nargument-hint: PR\n", "Body.\n");
        Run lenient = t.ctx("skills", "validate", claude.toString());
        assertEquals(0, lenient.exit(), lenient::toString);
        assertTrue(lenient.out().contains("skill-claude-key") && lenient.out().contains("(warning)"), lenient.out());
        Run strict = t.ctx("skills", "validate", "--strict", claude.toString());
        assertEquals(1, strict.exit(), strict::toString);
        assertTrue(strict.out().contains("review/SKILL.md:4: skill-claude-key") && !strict.out().contains("(warning)"), strict.out());

        Run empty = t.ctx("skills", "validate", Files.createDirectories(tmp.resolve("empty")).toString());
        assertEquals(3, empty.exit(), "a folder with no skill is not a pass: " + empty);
        Path big = skill(tmp.resolve("b/big"), "name: big\ndescription: A long skill. Use rarely.\n", "line\n".repeat(520));
        Run size = t.ctx("skills", "validate", "--strict", big.toString());
        assertEquals(0, size.exit(), "the 500-line rule stays a warning under --strict: " + size);
        assertTrue(size.out().contains("skill-size") && size.out().contains("(warning)"), size.out());

        Path wide = skill(tmp.resolve("c/wide"), "name: ｗｉｄｅ\ndescription: Full-width name. Use never.\n", "Body.\n");
        Run nfkc = t.ctx("skills", "validate", "--strict", wide.toString());
        assertEquals(1, nfkc.exit());
        assertTrue(nfkc.out().contains("skill-name-nfkc: skill name 'ｗｉｄｅ' is 'wide' once NFKC-normalised"), nfkc.out());
    }

    @Test
    void aFolderOutsideGitAndAFolderInsideOneInstallWithTheirOrigin() throws Exception {
        TestRepo t = new TestRepo(tmp);
        t.ok("init", "mem");
        Path mem = t.dir.resolve("mem");
        Path plain = skill(tmp.resolve("loose/lint-rules"), "name: lint-rules\ndescription: Lint rules. Use before commits.\n", "Run the linter.\n");
        Files.createDirectories(plain.resolve("scripts"));
        Files.writeString(plain.resolve("scripts/lint.sh"), "#!/bin/sh\nexec eslint .\n");
        Run r = t.ctxIn(mem, "", "skills", "install", plain.toString());
        assertEquals(0, r.exit(), r::toString);
        String text = Files.readString(mem.resolve("skills/lint-rules/SKILL.md"));
        assertTrue(text.contains("ctx-source: \"" + plain + "\"") && !text.contains("ctx-commit"), text);
        assertEquals("#!/bin/sh\nexec eslint .\n", Files.readString(mem.resolve("skills/lint-rules/scripts/lint.sh")));

        Files.writeString(plain.resolve("SKILL.md"), Files.readString(plain.resolve("SKILL.md")).replace("Run the linter.", "Run the linter twice."));
        Run update = t.ctxIn(mem, "", "skills", "update", "lint-rules");
        assertEquals(0, update.exit(), update::toString);
        assertTrue(update.out().contains("lint-rules: updated"), update.out());
        assertTrue(Files.readString(mem.resolve("skills/lint-rules/SKILL.md")).contains("Run the linter twice."));

        Path checkout = tmp.resolve("team-skills");
        SkillsRepoFixture.copyTree(SkillsRepoFixture.EXAMPLES, checkout.resolve("skills"));
        String first;
        try (Git g = Git.init().setDirectory(checkout.toFile()).setInitialBranch("main").call()) {
            g.add().addFilepattern(".").call();
            first = g.commit().setMessage("v1").setAuthor("p", "p@example.com").call().name();
            g.tag().setName("v1").call();
            Files.writeString(checkout.resolve("skills/ctx-memory-rollback/SKILL.md"), "changed after v1\n");
            g.add().addFilepattern(".").call();
            g.commit().setMessage("v2").setAuthor("p", "p@example.com").call();
        }
        Run pinned = t.ctxIn(mem, "", "skills", "install", checkout + "/skills/ctx-memory-rollback@v1");
        assertEquals(0, pinned.exit(), pinned::toString);
        String rollback = Files.readString(mem.resolve("skills/ctx-memory-rollback/SKILL.md"));
        assertTrue(rollback.contains("ctx-path: \"skills/ctx-memory-rollback\"\n  ctx-ref: \"v1\"\n  ctx-commit: \"" + first + "\""), rollback);
        Run outdated = t.ctxIn(mem, "", "skills", "outdated");
        assertTrue(outdated.out().contains("ctx-memory-rollback: up to date"), "pinned to v1, not to the branch: " + outdated);
    }

    @Test
    void exportCopiesOrLinksAndImportBringsBackWhatAPersonWrote() throws Exception {
        TestRepo t = new TestRepo(tmp);
        t.ok("init", "mem");
        Path mem = t.dir.resolve("mem");
        assertEquals(0, t.ctxIn(mem, "", "skills", "install", SkillsRepoFixture.EXAMPLES.toAbsolutePath().resolve("ctx-memory-blocks").toString()).exit());
        Path claude = tmp.resolve("project/.claude/skills");
        Run copy = t.ctxIn(mem, "", "skills", "export", "--to", claude.toString());
        assertEquals(0, copy.exit(), copy::toString);
        assertEquals(Files.readString(mem.resolve("skills/ctx-memory-blocks/SKILL.md")), Files.readString(claude.resolve("ctx-memory-blocks/SKILL.md")));
        assertTrue(Files.isRegularFile(claude.resolve("ctx-memory-blocks/.ctx-export")));
        Run again = t.ctxIn(mem, "", "skills", "export", "--to", claude.toString());
        assertTrue(again.out().contains("(already up to date)"), again.out());

        Path codex = tmp.resolve("project/.agents/skills");
        Run link = t.ctxIn(mem, "", "skills", "export", "--to", codex.toString(), "--link");
        assertEquals(0, link.exit(), link::toString);
        Path l = codex.resolve("ctx-memory-blocks");
        assertTrue(Files.isSymbolicLink(l));
        assertEquals(mem.resolve("skills/ctx-memory-blocks").toRealPath(), l.toRealPath());
        Run toCopies = t.ctxIn(mem, "", "skills", "export", "--to", codex.toString());
        assertEquals(0, toCopies.exit(), toCopies::toString);
        assertFalse(Files.isSymbolicLink(l), "a copy replaces ctx's own link");

        skill(claude.resolve("my-notes"), "name: my-notes\ndescription: Notes a person wrote. Use when asked.\n", "Mine.\n");
        Run imp = t.ctxIn(mem, "", "skills", "import", claude.toString());
        assertEquals(0, imp.exit(), imp::toString);
        assertTrue(imp.out().contains("my-notes: imported") && !imp.out().contains("ctx-memory-blocks"), "the export is skipped: " + imp.out());
        assertEquals("---\nname: my-notes\ndescription: Notes a person wrote. Use when asked.\n---\nMine.\n",
                Files.readString(mem.resolve("skills/my-notes/SKILL.md")));
        Files.writeString(claude.resolve("my-notes/SKILL.md"), Files.readString(claude.resolve("my-notes/SKILL.md")).replace("Mine.", "Mine, edited."));
        Run conflict = t.ctxIn(mem, "", "skills", "import", claude.toString());
        assertEquals(5, conflict.exit(), conflict::toString);
        assertEquals(0, t.ctxIn(mem, "", "skills", "import", claude.toString(), "--force").exit());
    }

    @Test
    void newListAndShow() throws Exception {
        TestRepo t = new TestRepo(tmp);
        t.ok("init", "mem");
        Path mem = t.dir.resolve("mem");
        Run none = t.ctxIn(mem, "", "skills", "validate");
        assertEquals(0, none.exit(), "no skills/ yet: " + none);
        Run created = t.ctxIn(mem, "", "skills", "new", "deploy-checks", "--description", "Check a deploy before it ships. Use before a release.");
        assertEquals(0, created.exit(), created::toString);
        assertEquals(5, t.ctxIn(mem, "", "skills", "new", "deploy-checks", "-d", "Again.").exit());
        assertEquals(4, t.ctxIn(mem, "", "skills", "new", "Bad_Name", "-d", "Bad.").exit());
        assertTrue(t.ctxIn(mem, "", "skills", "list").out().startsWith("deploy-checks — Check a deploy before it ships."));
        Run show = t.ctxIn(mem, "", "skills", "show", "deploy-checks");
        assertTrue(show.out().startsWith("---\nname: deploy-checks\n") && show.out().contains("-- files: SKILL.md"), show.out());
        assertEquals(3, t.ctxIn(mem, "", "skills", "show", "nope").exit());
        assertEquals(0, t.ctxIn(mem, "", "skills", "validate", "--strict").exit());
        Files.writeString(mem.resolve("skills/deploy-checks/SKILL.md"), "---\nname: deploy-checks\ndescription: d\nmodel: opus\n---\nx\n");
        Run strict = t.ctxIn(mem, "", "skills", "validate", "--strict");
        assertEquals(1, strict.exit(), "the working tree as it is: " + strict);
        assertTrue(strict.out().startsWith("skills/deploy-checks/SKILL.md:4: skill-claude-key: "), strict.out());
        Run json = t.ctxIn(mem, "", "skills", "list", "--json");
        assertTrue(json.out().startsWith("{\"schema_version\":1,\"command\":\"skills list\",\"data\":[{\"name\":\"deploy-checks\""), json.out());
    }

    @Test
    void originLinesGoInAndComeOutExactly() throws CtxException {
        SkillOrigin o = new SkillOrigin("team", "skills/x", null, "abc", "sha256:1");
        String bare = "---\nname: x\ndescription: d\n---\nBody\n";
        String stamped = o.stamp(bare);
        assertEquals("---\nname: x\ndescription: d\nmetadata:\n  ctx-source: \"team\"\n  ctx-path: \"skills/x\"\n  ctx-commit: \"abc\"\n"
                + "  ctx-hash: \"sha256:1\"\n---\nBody\n", stamped);
        assertEquals(bare, SkillOrigin.strip(stamped));
        assertEquals(o, SkillOrigin.read(stamped));
        String withMeta = "---\nname: x\nmetadata:\n    author: me\ndescription: d\n---\nBody\n";
        String s2 = o.withCommit("def", "sha256:2").stamp(o.stamp(withMeta));
        assertTrue(s2.startsWith("---\nname: x\nmetadata:\n    ctx-source: \"team\"\n"), s2);
        assertTrue(s2.contains("    ctx-commit: \"def\"\n") && !s2.contains("abc"), "a new stamp replaces the old one: " + s2);
        assertEquals(withMeta, SkillOrigin.strip(s2));
        String crlf = "---\r\nname: x\r\nmetadata:\r\n\tauthor: me\r\ndescription: d\r\n---\r\nBody\r\n";
        String s3 = o.stamp(crlf);
        assertTrue(s3.contains("metadata:\r\n\tctx-source: \"team\"\r\n"), s3);
        assertEquals(o, SkillOrigin.read(s3.replace("\t", "  ")));
        assertEquals(crlf, SkillOrigin.strip(s3));
    }

    private static Path skill(Path dir, String frontMatter, String body) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("SKILL.md"), "---\n" + frontMatter + "---\n" + body);
        return dir;
    }
}
