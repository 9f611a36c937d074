package dev.ctx.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;

/** The JVM-wide JGit reader the launcher session installs: nothing of the real user's or system's git config. */
class IsolatedGitTest {
    private final Path realHome = Path.of(System.getProperty("user.home"));

    @Test
    void theLauncherSessionInstalledItOnceWithAHomeOfItsOwn() {
        Path home = IsolatedGit.home();
        assertNotNull(home, "installed before any test ran");
        assertFalse(home.equals(realHome), "not the real home: " + home);
        SystemReader before = SystemReader.getInstance();
        IsolatedGit.install(Path.of("/elsewhere"));
        assertEquals(before, SystemReader.getInstance(), "a second install stacks nothing");
        assertEquals(home, IsolatedGit.home());
    }

    @Test
    void userSystemAndJGitConfigComeFromTheTestHomeOrNowhere() throws Exception {
        SystemReader r = SystemReader.getInstance();
        Path home = IsolatedGit.home();
        File user = ((FileBasedConfig) r.openUserConfig(null, FS.DETECTED)).getFile();
        assertEquals(home.resolve(".gitconfig").toFile(), user);
        assertNull(((FileBasedConfig) r.openSystemConfig(null, FS.DETECTED)).getFile(), "no system config file at all");
        assertTrue(((FileBasedConfig) r.openJGitConfig(null, FS.DETECTED)).getFile().toPath().startsWith(home));
        assertEquals(home.toString(), r.getenv("HOME"));
        assertEquals(home.toString(), r.getProperty("user.home"));
        assertEquals(home.resolve(".config"), r.getXdgConfigDirectory(FS.DETECTED));
        assertEquals("", r.getUserConfig().toText(), "the test home has no git config");
        assertNull(r.getUserConfig().getString("user", null, "name"), "no identity from any config file");
    }
}
