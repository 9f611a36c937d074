package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A skill with a binary asset (a PNG) and an executable script, moved through install, export, import, publish and
 * update: the bytes stay byte for byte and the script stays 100755, in the commits (read with JGit) and on disk.
 */
class SkillAssetsTest {
    /** The first bytes of a PNG (NUL bytes and bytes that are not UTF-8), then some pixels' worth. */
    static final byte[] PNG = png(200, (byte) 7);
    static final String SCRIPT = "#!/bin/sh\necho checked\n";
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

    static byte[] png(int size, byte fill) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, fill);
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', (byte) 0xff, (byte) 0xfe};
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    /** A skill folder {@code name} with SKILL.md, assets/logo.png and an executable scripts/check.sh. */
    static Path writeSkill(Path parent, String name, byte[] png) throws Exception {
        Path d = Files.createDirectories(parent.resolve(name));
        Files.writeString(d.resolve("SKILL.md"), "---\nname: " + name + "\ndescription: Brand checks. Use before a release.\n---\nRun scripts/check.sh.\n");
        Files.createDirectories(d.resolve("assets"));
        Files.write(d.resolve("assets/logo.png"), png);
        Files.createDirectories(d.resolve("scripts"));
        Path script = Files.writeString(d.resolve("scripts/check.sh"), SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    @Test
    void installFromABareRepositoryKeepsTheBytesAndTheModeInTheCommitAndTheWorkingTree() throws Exception {
        writeSkill(f.work, "brand-kit", PNG);
        f.upstreamCommit("README.md", s -> "Team skills.\n", "brand kit");
        assertEquals(FileMode.EXECUTABLE_FILE, mode(f.bare, "refs/heads/main", "brand-kit/scripts/check.sh"), "the fixture's upstream keeps 100755");

        Run install = f.ctx("skills", "install", "team/brand-kit");
        assertEquals(0, install.exit(), install::toString);
        Path mem = f.mem.resolve(".git");
        assertEquals(FileMode.REGULAR_FILE, mode(mem, "HEAD", "skills/brand-kit/assets/logo.png"));
        assertArrayEquals(PNG, bytes(mem, "HEAD", "skills/brand-kit/assets/logo.png"), "committed byte for byte");
        assertEquals(FileMode.EXECUTABLE_FILE, mode(mem, "HEAD", "skills/brand-kit/scripts/check.sh"), "committed as 100755");
        assertArrayEquals(PNG, Files.readAllBytes(f.mem.resolve("skills/brand-kit/assets/logo.png")));
        assertTrue(Files.isExecutable(f.mem.resolve("skills/brand-kit/scripts/check.sh")), "checked out executable");
        assertFalse(Files.isExecutable(f.mem.resolve("skills/brand-kit/assets/logo.png")));
        assertEquals("", f.t.git(f.mem, "status", "--porcelain").strip(), "git sees the index and working tree as the commit, modes included");
        assertEquals(0, f.ctx("validate").exit(), "the repository with a binary skill asset validates");
        Run outdated = f.ctx("skills", "outdated");
        assertEquals(0, outdated.exit(), "freshly installed is up to date: " + outdated);

        Path agent = tmp.resolve("project/.claude/skills");
        Run export = f.ctx("skills", "export", "--to", agent.toString());
        assertEquals(0, export.exit(), export::toString);
        assertArrayEquals(PNG, Files.readAllBytes(agent.resolve("brand-kit/assets/logo.png")), "exported byte for byte");
        assertTrue(Files.isExecutable(agent.resolve("brand-kit/scripts/check.sh")), "exported executable");
        assertEquals(SCRIPT, Files.readString(agent.resolve("brand-kit/scripts/check.sh")));
        Run again = f.ctx("skills", "export", "--to", agent.toString());
        assertEquals(0, again.exit(), "a second export finds its own copies: " + again);
    }

    @Test
    void installAndImportFromFoldersOutsideGitKeepBoth() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        writeSkill(outside, "brand-kit", PNG);
        Run install = f.ctx("skills", "install", outside.resolve("brand-kit").toString());
        assertEquals(0, install.exit(), install::toString);
        Path mem = f.mem.resolve(".git");
        assertArrayEquals(PNG, bytes(mem, "HEAD", "skills/brand-kit/assets/logo.png"));
        assertEquals(FileMode.EXECUTABLE_FILE, mode(mem, "HEAD", "skills/brand-kit/scripts/check.sh"));

        Path agent = Files.createDirectories(tmp.resolve("project/.agents/skills"));
        writeSkill(agent, "icon-kit", png(300, (byte) 9));
        Run imported = f.ctx("skills", "import", agent.toString());
        assertEquals(0, imported.exit(), imported::toString);
        assertArrayEquals(png(300, (byte) 9), bytes(mem, "HEAD", "skills/icon-kit/assets/logo.png"));
        assertEquals(FileMode.EXECUTABLE_FILE, mode(mem, "HEAD", "skills/icon-kit/scripts/check.sh"));
        assertTrue(Files.isExecutable(f.mem.resolve("skills/icon-kit/scripts/check.sh")));
        assertEquals("", f.t.git(f.mem, "status", "--porcelain").strip());
    }

    @Test
    void publishKeepsTheBytesAndTheModeOnTheBranch() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        writeSkill(outside, "brand-kit", PNG);
        assertEquals(0, f.ctx("skills", "install", outside.resolve("brand-kit").toString()).exit());
        Run publish = f.ctx("skills", "publish", "brand-kit", "--to", "team");
        assertEquals(0, publish.exit(), publish::toString);
        assertArrayEquals(PNG, bytes(f.bare, "refs/heads/skill/brand-kit", "brand-kit/assets/logo.png"), "pushed byte for byte");
        assertEquals(FileMode.EXECUTABLE_FILE, mode(f.bare, "refs/heads/skill/brand-kit", "brand-kit/scripts/check.sh"), "pushed as 100755");
        assertEquals(FileMode.REGULAR_FILE, mode(f.bare, "refs/heads/skill/brand-kit", "brand-kit/SKILL.md"));
    }

    @Test
    void anUpdateTakesABinaryChangedUpstreamAndKeepsTheLocalOneWhenBothChangedIt() throws Exception {
        writeSkill(f.work, "brand-kit", PNG);
        f.upstreamCommit("README.md", s -> "Team skills.\n", "brand kit");
        assertEquals(0, f.ctx("skills", "install", "team/brand-kit").exit());
        byte[] v2 = png(220, (byte) 42);
        Files.write(f.work.resolve("brand-kit/assets/logo.png"), v2);
        f.upstreamCommit("README.md", s -> s + "New logo.\n", "new logo");
        Run update = f.ctx("skills", "update");
        assertEquals(0, update.exit(), update::toString);
        assertTrue(update.out().contains("brand-kit: updated"), update.out());
        Path mem = f.mem.resolve(".git");
        assertArrayEquals(v2, bytes(mem, "HEAD", "skills/brand-kit/assets/logo.png"), "changed on one side: that side");
        assertArrayEquals(v2, Files.readAllBytes(f.mem.resolve("skills/brand-kit/assets/logo.png")));
        assertEquals(FileMode.EXECUTABLE_FILE, mode(mem, "HEAD", "skills/brand-kit/scripts/check.sh"), "the script stays executable");

        byte[] ours = png(230, (byte) 1);
        Files.write(f.mem.resolve("skills/brand-kit/assets/logo.png"), ours);
        f.t.git(f.mem, "commit", "-qam", "our logo");
        byte[] theirs = png(240, (byte) 2);
        Files.write(f.work.resolve("brand-kit/assets/logo.png"), theirs);
        String up = f.upstreamCommit("README.md", s -> s + "Their logo.\n", "their logo");
        String before = f.head();
        Run conflict = f.ctx("skills", "update");
        assertEquals(5, conflict.exit(), conflict::toString);
        assertTrue(conflict.out().contains("conflict: skills/brand-kit/assets/logo.png is binary and changed on both sides: the local file is kept; "
                + "upstream's is assets/logo.png at team@" + up.substring(0, 10)), conflict.out());
        assertArrayEquals(ours, bytes(mem, "HEAD", "skills/brand-kit/assets/logo.png"), "the local file, no markers in it");
        assertFalse(before.equals(f.head()), "the origin moves on in one commit");
    }

    @Test
    void aBinaryOverTheLimitIsRefusedAndNothingChanges() throws Exception {
        Files.writeString(f.mem.resolve("ctx.yaml"), Files.readString(f.mem.resolve("ctx.yaml"))
                .replace("  max_file_bytes: 1048576", "  max_file_bytes: 1048576\n  max_binary_bytes: 1000"));
        f.t.git(f.mem, "commit", "-qam", "smaller binaries");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        writeSkill(outside, "brand-kit", png(1001, (byte) 3));
        String before = f.head();
        Run r = f.ctx("skills", "install", outside.resolve("brand-kit").toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("skills/brand-kit/assets/logo.png:0: binary-size: binary file is 1001 bytes, over limits.max_binary_bytes 1000"), r.err());
        assertTrue(r.err().contains("nothing was changed"), r.err());
        assertEquals(before, f.head());
        assertFalse(Files.exists(f.mem.resolve("skills/brand-kit")));
        writeSkill(tmp.resolve("ok"), "brand-kit", png(1000, (byte) 3));
        assertEquals(0, f.ctx("skills", "install", tmp.resolve("ok/brand-kit").toString()).exit(), "at the limit is allowed");
    }

    private static FileMode mode(Path gitDir, String rev, String path) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build(); RevWalk rw = new RevWalk(r)) {
            RevCommit c = rw.parseCommit(r.resolve(rev));
            try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
                return tw == null ? null : tw.getFileMode(0);
            }
        }
    }

    private static byte[] bytes(Path gitDir, String rev, String path) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build(); RevWalk rw = new RevWalk(r)) {
            RevCommit c = rw.parseCommit(r.resolve(rev));
            try (TreeWalk tw = TreeWalk.forPath(r, path, c.getTree())) {
                ObjectId id = tw.getObjectId(0);
                return r.open(id).getBytes();
            }
        }
    }
}
