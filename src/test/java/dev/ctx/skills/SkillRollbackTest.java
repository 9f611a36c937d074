package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.FileMode;
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
 * Revert and restore of a skill's binary asset and executable script, through the CLI: the committed tree is read
 * with JGit for the bytes and the modes, so an image comes back byte for byte and a script stays 100755.
 */
class SkillRollbackTest {
    private static final String PNG_PATH = "skills/brand-kit/assets/logo.png";
    private static final String SCRIPT_PATH = "skills/brand-kit/scripts/check.sh";
    @TempDir
    Path tmp;
    SkillsRepoFixture f;
    Path git;

    @BeforeEach
    void serve() throws Exception {
        f = new SkillsRepoFixture(tmp).serve();
        git = f.mem.resolve(".git");
        SkillAssetsTest.writeSkill(f.work, "brand-kit", SkillAssetsTest.PNG);
        f.upstreamCommit("README.md", s -> "Team skills.\n", "brand kit");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void revertingTheInstallRemovesTheImageAndTheScript() throws Exception {
        Run install = f.ctx("skills", "install", "team/brand-kit");
        assertEquals(0, install.exit(), install::toString);
        String installed = f.head();
        assertEquals(FileMode.EXECUTABLE_FILE, mode("HEAD", SCRIPT_PATH));

        Run revert = f.ctx("revert", installed);
        assertEquals(0, revert.exit(), revert::toString);
        assertNull(mode("HEAD", PNG_PATH), "the image is gone from the tree");
        assertNull(mode("HEAD", SCRIPT_PATH), "the script is gone from the tree");
        assertNull(mode("HEAD", "skills/brand-kit/SKILL.md"));
        assertFalse(Files.exists(f.mem.resolve("skills/brand-kit")), "and from the working tree");
        assertEquals("", f.t.git(f.mem, "status", "--porcelain"), "the working tree is clean");
        f.t.assertFsckClean(f.mem);
    }

    @Test
    void revertingAnUpdateBringsTheOldImageAndScriptBackWithTheirModes() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        byte[] v2 = SkillAssetsTest.png(220, (byte) 42);
        Files.write(f.work.resolve("brand-kit/assets/logo.png"), v2);
        Path script = f.work.resolve("brand-kit/scripts/check.sh");
        Files.writeString(script, SkillAssetsTest.SCRIPT + "echo again\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        f.upstreamCommit("README.md", s -> s + "New logo.\n", "new logo");
        Run update = f.ctx("skills", "update");
        assertEquals(0, update.exit(), update::toString);
        assertArrayEquals(v2, bytes("HEAD", PNG_PATH), "the update took the new image");

        Run revert = f.ctx("revert", f.head());
        assertEquals(0, revert.exit(), revert::toString);
        assertArrayEquals(SkillAssetsTest.PNG, bytes("HEAD", PNG_PATH), "the old bytes are back");
        assertEquals(FileMode.REGULAR_FILE, mode("HEAD", PNG_PATH));
        assertEquals(SkillAssetsTest.SCRIPT, new String(bytes("HEAD", SCRIPT_PATH), java.nio.charset.StandardCharsets.UTF_8), "the old script");
        assertEquals(FileMode.EXECUTABLE_FILE, mode("HEAD", SCRIPT_PATH), "a script reverted to an earlier version stays 100755");
        assertArrayEquals(SkillAssetsTest.PNG, Files.readAllBytes(f.mem.resolve(PNG_PATH)));
        assertTrue(Files.isExecutable(f.mem.resolve(SCRIPT_PATH)));
        assertEquals("", f.t.git(f.mem, "status", "--porcelain"));
        f.t.assertFsckClean(f.mem);
    }

    @Test
    void revertingAModeChangeMakesTheScriptExecutableAgain() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        Files.setPosixFilePermissions(f.work.resolve("brand-kit/scripts/check.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        f.upstreamCommit("README.md", s -> s + "Not executable.\n", "drop the executable bit");
        assertEquals(0, f.ctx("skills", "update").exit());
        assertEquals(FileMode.REGULAR_FILE, mode("HEAD", SCRIPT_PATH), "the update took the mode change");

        Run revert = f.ctx("revert", f.head());
        assertEquals(0, revert.exit(), revert::toString);
        assertEquals(FileMode.EXECUTABLE_FILE, mode("HEAD", SCRIPT_PATH), "the mode is back, the bytes unchanged");
        assertEquals(SkillAssetsTest.SCRIPT, new String(bytes("HEAD", SCRIPT_PATH), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(Files.isExecutable(f.mem.resolve(SCRIPT_PATH)));
    }

    @Test
    void revertingAnUpdateThatDeletedTheImageAndTheScriptBringsThemBack() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        Files.delete(f.work.resolve("brand-kit/assets/logo.png"));
        Files.delete(f.work.resolve("brand-kit/scripts/check.sh"));
        f.upstreamCommit("README.md", s -> s + "No assets.\n", "drop the assets");
        try (org.eclipse.jgit.api.Git g = org.eclipse.jgit.api.Git.open(f.work.toFile())) {
            g.rm().addFilepattern("brand-kit/assets/logo.png").addFilepattern("brand-kit/scripts/check.sh").call();
            g.commit().setMessage("drop the assets").call();
            g.push().setRemote("origin").add("main").call();
        }
        Run update = f.ctx("skills", "update");
        assertEquals(0, update.exit(), update::toString);
        assertNull(mode("HEAD", PNG_PATH), "the update deleted the image");

        Run revert = f.ctx("revert", f.head());
        assertEquals(0, revert.exit(), revert::toString);
        assertArrayEquals(SkillAssetsTest.PNG, bytes("HEAD", PNG_PATH), "the deleted image is back byte for byte");
        assertEquals(FileMode.REGULAR_FILE, mode("HEAD", PNG_PATH));
        assertEquals(FileMode.EXECUTABLE_FILE, mode("HEAD", SCRIPT_PATH), "the deleted script is back as 100755");
        assertTrue(Files.isExecutable(f.mem.resolve(SCRIPT_PATH)));
        assertEquals("", f.t.git(f.mem, "status", "--porcelain"));
    }

    @Test
    void anImageChangedAgainAfterTheCommitIsAConflictAndNothingChanges() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        byte[] v2 = SkillAssetsTest.png(220, (byte) 42);
        Files.write(f.work.resolve("brand-kit/assets/logo.png"), v2);
        f.upstreamCommit("README.md", s -> s + "New logo.\n", "new logo");
        assertEquals(0, f.ctx("skills", "update").exit());
        String updated = f.head();
        byte[] ours = SkillAssetsTest.png(230, (byte) 1);
        Files.write(f.mem.resolve(PNG_PATH), ours);
        f.t.git(f.mem, "commit", "-qam", "our logo");
        String before = f.head();

        Run revert = f.ctx("revert", updated);
        assertEquals(5, revert.exit(), revert::toString);
        assertTrue(revert.err().contains(PNG_PATH + " was changed after this commit"), revert::toString);
        assertTrue(revert.err().contains("nothing was changed"), revert::toString);
        assertEquals(before, f.head(), "no commit");
        assertArrayEquals(ours, bytes("HEAD", PNG_PATH));

        Run forced = f.ctx("revert", updated, "--force");
        assertEquals(0, forced.exit(), forced::toString);
        assertArrayEquals(SkillAssetsTest.PNG, bytes("HEAD", PNG_PATH), "--force puts the parent's bytes back");
    }

    @Test
    void revertingTheInstallOfAnImageChangedSinceIsAConflict() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        String installed = f.head();
        Files.write(f.mem.resolve(PNG_PATH), SkillAssetsTest.png(230, (byte) 1));
        f.t.git(f.mem, "commit", "-qam", "our logo");
        String before = f.head();

        Run revert = f.ctx("revert", installed);
        assertEquals(5, revert.exit(), revert::toString);
        assertTrue(revert.err().contains(PNG_PATH + " was changed after it was added"), revert::toString);
        assertEquals(before, f.head());
    }

    @Test
    void restoreBringsTheImageAndTheScriptBackAsAtARevision() throws Exception {
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        String installed = f.head();
        Files.write(f.work.resolve("brand-kit/assets/logo.png"), SkillAssetsTest.png(220, (byte) 42));
        Files.writeString(f.work.resolve("brand-kit/scripts/check.sh"), "#!/bin/sh\necho changed\n");
        f.upstreamCommit("README.md", s -> s + "New logo.\n", "new logo");
        assertEquals(0, f.ctx("skills", "update").exit());

        Run png = f.ctx("restore", PNG_PATH, "--at", installed);
        assertEquals(0, png.exit(), png::toString);
        assertArrayEquals(SkillAssetsTest.PNG, bytes("HEAD", PNG_PATH));
        Run script = f.ctx("restore", SCRIPT_PATH, "--at", installed);
        assertEquals(0, script.exit(), script::toString);
        assertEquals(SkillAssetsTest.SCRIPT, new String(bytes("HEAD", SCRIPT_PATH), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(FileMode.EXECUTABLE_FILE, mode("HEAD", SCRIPT_PATH), "restored as 100755");
        assertTrue(Files.isExecutable(f.mem.resolve(SCRIPT_PATH)));
        assertEquals("", f.t.git(f.mem, "status", "--porcelain"));
        String head = f.head();
        Run again = f.ctx("restore", PNG_PATH, "--at", installed);
        assertEquals(0, again.exit(), again::toString);
        assertEquals(head, f.head(), "already as at the revision: no commit");
        f.t.assertFsckClean(f.mem);
    }

    private FileMode mode(String rev, String path) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(git.toFile()).build(); RevWalk rw = new RevWalk(r)) {
            RevCommit c = rw.parseCommit(r.resolve(rev));
            try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
                return tw == null ? null : tw.getFileMode(0);
            }
        }
    }

    private byte[] bytes(String rev, String path) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(git.toFile()).build(); RevWalk rw = new RevWalk(r)) {
            RevCommit c = rw.parseCommit(r.resolve(rev));
            try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
                ObjectId id = tw.getObjectId(0);
                return r.open(id).getBytes();
            }
        }
    }
}
