package dev.ctx.support;

import dev.ctx.git.GitSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.util.SystemReader;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The one place that sets JGit's process-wide {@link SystemReader} for tests. JUnit calls it once when the
 * test JVM's launcher session opens (registered in {@code META-INF/services}); the test entry points that
 * run as their own JVM ({@link WriterProcess} and friends) call {@link #install(Path)} first thing. The
 * reader never reads the real user's or the system's git config: no system config, a user config and JGit
 * config under a home of the test's own, and {@code HOME}, {@code user.home} and {@code XDG_CONFIG_HOME}
 * answered with that home, so nothing JGit derives from them reaches the developer's files.
 */
public final class IsolatedGit implements LauncherSessionListener {
    /** JUnit instantiates the listener through the service loader. */
    public IsolatedGit() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install(jvmHome());
    }

    /**
     * Installs the isolating reader with {@code home} as the only home JGit sees, unless one is installed
     * already: installing twice would stack delegates and keep the first home anyway.
     */
    public static void install(Path home) {
        synchronized (SystemReader.class) {
            if (!(SystemReader.getInstance() instanceof Reader)) {
                SystemReader.setInstance(new Reader(SystemReader.getInstance(), home));
            }
        }
    }

    /** The home the running test JVM was given (for assertions that nothing else is used). */
    public static Path home() {
        return SystemReader.getInstance() instanceof Reader r ? r.home : null;
    }

    private static final class Reader extends SystemReader.Delegate {
        final Path home;

        Reader(SystemReader base, Path home) {
            super(GitSetup.reader(base, home));
            this.home = home;
        }

        @Override
        public String getenv(String name) {
            return switch (name) {
                case "HOME" -> home.toString();
                case "XDG_CONFIG_HOME" -> home.resolve(".config").toString();
                case "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                        "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES" -> null;
                default -> super.getenv(name);
            };
        }

        @Override
        public String getProperty(String key) {
            return key.equals("user.home") ? home.toString() : super.getProperty(key);
        }
    }

    /** A fresh, empty home for this test JVM, removed when the JVM exits. */
    private static Path jvmHome() {
        try {
            Path home = Files.createTempDirectory("ctx-test-home-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test JVM's git home", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
