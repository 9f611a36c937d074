package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install, update and publish against a real skills repository served by git daemon on loopback, with the
 * skills of skills-examples/ as its content: the whole round trip a team makes, and the skills it must refuse.
 */
class SkillsSharingTest {
    private static final String SKILL = "skills/ctx-memory-review/SKILL.md";
    @TempDir
    Path tmp;
    SkillsRepoFixture f;

    @BeforeEach
    void serve() throws Exception {
        f = new SkillsRepoFixture(tmp).serve();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void installRecordsTheOriginInOneCommitAndUpdateMergesUpstreamIntoLocalEdits() throws Exception {
        String before = f.head();
        Run install = f.ctx("skills", "install", "team/ctx-memory-review");
        assertEquals(0, install.exit(), install::toString);
        String installed = f.head();
        assertEquals(before, parent(installed), "one commit");
        String text = f.read(SKILL);
        String upstreamText = Files.readString(f.work.resolve("ctx-memory-review/SKILL.md"));
        assertTrue(text.contains("  ctx-source: \"team\"\n  ctx-path: \"ctx-memory-review\"\n  ctx-commit: \"" + upstreamHead() + "\"\n"), text);
        assertTrue(text.contains("  ctx-hash: \"sha256:"), text);
        assertEquals(upstreamText, SkillOrigin.strip(text), "the origin lines come out exactly");
        assertTrue(f.ctx("skills", "list").out().contains("[from team/ctx-memory-review at " + upstreamHead().substring(0, 10) + "]"));
        assertEquals(0, f.ctx("skills", "validate", "--strict").exit(), "an installed skill stays valid under --strict");

        f.localCommit(SKILL, s -> s.replace("# Reviewing a memory pull request", "# Reviewing a memory pull request (our team)"));
        String up = f.upstreamCommit("ctx-memory-review/SKILL.md", s -> s + "\n## 7. Merge\n\nSquash-merge memory branches.\n", "merge step");
        Run outdated = f.ctx("skills", "outdated");
        assertEquals(1, outdated.exit(), outdated::toString);
        assertTrue(outdated.out().contains("ctx-memory-review: outdated") && outdated.out().contains("edited here"), outdated.out());

        String beforeUpdate = f.head();
        Run update = f.ctx("skills", "update");
        assertEquals(0, update.exit(), update::toString);
        assertTrue(update.out().contains("ctx-memory-review: merged"), update.out());
        assertEquals(beforeUpdate, parent(f.head()), "one commit");
        String merged = f.read(SKILL);
        assertTrue(merged.contains("(our team)") && merged.contains("Squash-merge memory branches."), merged);
        assertTrue(merged.contains("ctx-commit: \"" + up + "\""), "the origin moves to the merged upstream commit");
        assertEquals(0, f.ctx("skills", "outdated").exit());
        Run again = f.ctx("skills", "update");
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("unchanged") && again.out().contains("up to date"), again.out());
        assertEquals("", f.t.git(f.mem, "status", "--porcelain").strip(), "the working tree follows the commits");
    }

    @Test
    void aConflictingUpdateKeepsBothSidesInOneCommitAndPublishPushesTheResolvedSkillToABranch() throws Exception {
        Run install = f.ctx("skills", "install", f.url + "/ctx-memory-review");
        assertEquals(0, install.exit(), install::toString);
        String line = "Approve only when `ctx review` exits 0 and every fact you read holds.";
        f.localCommit(SKILL, s -> s.replace(line, "Approve only when two people agree."));
        f.upstreamCommit("ctx-memory-review/SKILL.md", s -> s.replace(line, "Approve only after `ctx review --threshold 0.8` exits 0."), "stricter");
        String before = f.head();
        Run update = f.ctx("skills", "update", "ctx-memory-review");
        assertEquals(5, update.exit(), update::toString);
        assertTrue(update.out().contains("conflict: skills/ctx-memory-review/SKILL.md keeps both sides"), update.out());
        assertEquals(before, parent(f.head()), "the conflict is committed, as one commit");
        String text = f.read(SKILL);
        assertTrue(text.contains("<<<<<<< local\nApprove only when two people agree.\n=======\nApprove only after `ctx review --threshold 0.8` exits 0.\n>>>>>>> "), text);
        Run validate = f.ctx("skills", "validate");
        assertEquals(1, validate.exit());
        assertTrue(validate.out().contains("conflict-markers"), validate.out());
        Run refused = f.ctx("skills", "publish", "ctx-memory-review", "--to", "team");
        assertEquals(4, refused.exit(), "an unresolved skill is not published: " + refused);

        f.localCommit(SKILL, s -> s.replaceAll("(?s)<<<<<<< local\n.*?=======\n(.*?)>>>>>>> [^\n]*\n", "$1Two people agree.\n"));
        Run publish = f.ctx("skills", "publish", "ctx-memory-review", "--to", "team");
        assertEquals(0, publish.exit(), publish::toString);
        assertTrue(publish.out().contains("to skill/ctx-memory-review of " + f.url), publish.out());
        try (Repository bare = new FileRepositoryBuilder().setGitDir(f.bare.toFile()).build(); RevWalk rw = new RevWalk(bare)) {
            RevCommit c = rw.parseCommit(bare.resolve("refs/heads/skill/ctx-memory-review"));
            assertEquals(bare.resolve("refs/heads/main"), c.getParent(0).getId(), "on top of the source's HEAD");
            assertTrue(c.getFullMessage().startsWith("Update skill ctx-memory-review: 1 file changed\n\nModified: SKILL.md\n"), c.getFullMessage());
            assertTrue(c.getFullMessage().endsWith("\nChanges made in the context repository, newest first:\n"
                    + "- local edit of " + SKILL + "\n- local edit of " + SKILL + "\n"), "the local edits, not the update: " + c.getFullMessage());
            String published = blob(bare, c, "ctx-memory-review/SKILL.md");
            assertEquals(SkillOrigin.strip(f.read(SKILL)), published, "the skill as it is here, without ctx's own keys");
            assertFalse(published.contains("ctx-source"));
            assertNotEquals(null, bare.resolve("refs/heads/main"));
        }
        Run twice = f.ctx("skills", "publish", "ctx-memory-review", "--to", "team");
        assertEquals(0, twice.exit());
        assertTrue(twice.out().startsWith("unchanged"), twice.out());
    }

    @Test
    void publishAddsANewSkillUnderTheSourcesLayout() throws Exception {
        f.ctx("skills", "new", "deploy-checks", "--description", "Check a deploy before it ships. Use before every release.");
        Run publish = f.ctx("skills", "publish", "deploy-checks", "--to", "team", "--branch", "add/deploy-checks");
        assertEquals(0, publish.exit(), publish::toString);
        try (Repository bare = new FileRepositoryBuilder().setGitDir(f.bare.toFile()).build(); RevWalk rw = new RevWalk(bare)) {
            RevCommit c = rw.parseCommit(bare.resolve("refs/heads/add/deploy-checks"));
            assertTrue(c.getFullMessage().startsWith("Add skill deploy-checks\n\nAdded: SKILL.md\n"), c.getFullMessage());
            assertTrue(c.getFullMessage().endsWith("\n- skill-new(skills/deploy-checks): new skill\n"), c.getFullMessage());
            assertEquals(f.read("skills/deploy-checks/SKILL.md"), blob(bare, c, "deploy-checks/SKILL.md"));
        }
    }

    @Test
    void maliciousSkillsAreRefusedAndNothingIsWritten() throws Exception {
        String valid = "---\nname: NAME\ndescription: Looks helpful. Use always.\n---\nBody.\n";
        Path link = Files.createDirectories(f.work.resolve("evil-link"));
        Files.writeString(link.resolve("SKILL.md"), valid.replace("NAME", "evil-link"));
        Files.createSymbolicLink(link.resolve("passwd"), Path.of("/etc/passwd"));
        Path secret = Files.createDirectories(f.work.resolve("evil-secret/scripts"));
        Files.writeString(f.work.resolve("evil-secret/SKILL.md"), valid.replace("NAME", "evil-secret"));
        // Built at run time so that no scanner of this repository's sources mistakes the test for a leak.
        String key = "AK" + "IA" + "Q3EGRSMDW7LXKN5T";
        Files.writeString(secret.resolve("deploy.sh"), "export AWS_ACCESS_KEY_ID=" + key + "\naws s3 sync . s3://bucket\n");
        Files.createDirectories(f.work.resolve("Evil_Name"));
        Files.writeString(f.work.resolve("Evil_Name/SKILL.md"), valid.replace("NAME", "Evil_Name"));
        Path escape = Files.createDirectories(f.work.resolve("evil-escape"));
        Files.writeString(escape.resolve("SKILL.md"), valid.replace("NAME", "evil-escape"));
        Files.createSymbolicLink(escape.resolve("references"), Path.of("../../.."));
        f.upstreamCommit("README.md", s -> "Skills of the team.\n", "evil skills");
        String before = f.head();
        assertRefused("team/evil-link", "skills/evil-link/passwd:0: skill-symlink: is a symbolic link to '/etc/passwd', outside the skill's folder");
        assertRefused("team/evil-secret", "skills/evil-secret/scripts/deploy.sh:1: secret: likely secret (aws-access-key-id, AKIA****************)");
        assertRefused("team/Evil_Name", "'Evil_Name' is not a skill name");
        assertRefused("team/evil-escape", "skills/evil-escape/references:0: skill-symlink: is a symbolic link to '../../..', outside the skill's folder");
        assertEquals(before, f.head(), "nothing was committed");
        assertFalse(Files.exists(f.mem.resolve("skills/evil-link")) || Files.exists(f.mem.resolve("skills/evil-secret")));
        Run validate = f.ctx("skills", "validate", f.work.toString());
        assertEquals(1, validate.exit());
        for (String rule : List.of("skill-symlink", "secret", "skill-name")) {
            assertTrue(validate.out().contains(": " + rule + ": "), rule + " in " + validate.out());
        }
    }

    @Test
    void aRepositoryRootWithManySkillsNamesThem() throws Exception {
        Run r = f.ctx("skills", "install", "team");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().contains("holds no SKILL.md; it holds 6 skills: team/ctx-memory, team/ctx-memory-blocks"), r.err());
        Run missing = f.ctx("skills", "install", f.url + "//nope");
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains(f.url + "/nope at ") && missing.err().contains("does not exist"), missing.err());
        Run badRev = f.ctx("skills", "install", "team/ctx-memory@no-such-tag");
        assertEquals(3, badRev.exit());
        assertTrue(badRev.err().contains("has no revision 'no-such-tag'"), badRev.err());
    }

    private void assertRefused(String source, String message) {
        Run r = f.ctx("skills", "install", source);
        assertEquals(4, r.exit(), source + " -> " + r);
        assertTrue(r.err().contains(message), source + " -> " + r.err());
        assertTrue(r.err().contains("nothing was changed"), r.err());
    }

    private String upstreamHead() throws Exception {
        try (Git g = Git.open(f.work.toFile())) {
            return g.getRepository().resolve("HEAD").name();
        }
    }

    private String parent(String commit) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(f.mem.resolve(".git").toFile()).build(); RevWalk rw = new RevWalk(r)) {
            return rw.parseCommit(ObjectId.fromString(commit)).getParent(0).name();
        }
    }

    private static String blob(Repository r, RevCommit c, String path) throws Exception {
        try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
            return new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
