package dev.ctx.git;

import java.io.File;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's process-wide configuration for the ctx command line. JGit probes the system git config by
 * running {@code git --version} and {@code git config --system} (50-80 ms per process, and it needs a git
 * binary), and reads the user config from the JVM's user.home rather than $HOME. The CLI installs this
 * once at start-up so ctx needs no git binary and honours $HOME; library users keep JGit's defaults.
 */
public final class GitSetup {
    private GitSetup() {
    }

    /** Installs the reader: no system config; user config from {@code home}/.gitconfig (none when home is null). */
    public static void install(Path home) {
        SystemReader.setInstance(reader(SystemReader.getInstance(), home));
    }

    /**
     * The reader {@link #install} installs, over {@code base}, without installing it: a caller that owns the
     * process-wide reader (a test harness) wraps JGit's default once instead of stacking one delegate per call.
     */
    public static SystemReader reader(SystemReader base, Path home) {
        return new SystemReader.Delegate(base) {
            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return empty(parent, fs);
            }

            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                if (home == null) {
                    return empty(parent, fs);
                }
                return new FileBasedConfig(parent, home.resolve(".gitconfig").toFile(), fs);
            }

            @Override
            public FileBasedConfig openJGitConfig(Config parent, FS fs) {
                // JGit caches file-system timestamp resolution here; keep it under the same home.
                if (home == null) {
                    return base.openJGitConfig(parent, fs);
                }
                return new FileBasedConfig(parent, home.resolve(".config/jgit/config").toFile(), fs);
            }
        };
    }

    private static FileBasedConfig empty(Config parent, FS fs) {
        return new FileBasedConfig(parent, (File) null, fs) {
            @Override
            public void load() {
                // nothing to read
            }

            @Override
            public boolean isOutdated() {
                return false;
            }
        };
    }
}
