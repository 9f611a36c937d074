package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher makes the JVM decode arguments as UTF-8 whatever the caller's locale. A stub stands in for
 * java (it prints what it was given), so the test needs no jar and starts no JVM.
 */
class LauncherLocaleTest {
    @TempDir
    Path tmp;

    private String launch(Map<String, String> locale) throws Exception {
        Path java = tmp.resolve("java");
        // During training the launcher script asks java for a class list: the stub writes a one-line one.
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -XX:DumpLoadedClassList=*) echo x > \"${a#*=}\";; esac; done\n"
                + "echo \"LC_ALL=$LC_ALL\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = tmp.resolve("bin");
        ProcessBuilder make = new ProcessBuilder("bash", Path.of("src/main/scripts/launcher.sh").toAbsolutePath().toString(),
                tmp.resolve("ctx.jar").toString(), bin.toString()).redirectErrorStream(true);
        make.environment().put("JAVA", java.toString());
        make.environment().put("HOME", tmp.toString());
        Process m = make.start();
        String made = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(m.waitFor(60, TimeUnit.SECONDS) && m.exitValue() == 0, made);

        ProcessBuilder run = new ProcessBuilder(bin.resolve("ctx").toString(), "remember", "café ☕").redirectErrorStream(true);
        run.environment().remove("LANG");
        run.environment().remove("LC_CTYPE");
        run.environment().remove("LC_ALL");
        run.environment().putAll(locale);
        Process p = run.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void outsideAUtf8LocaleTheLauncherSelectsOne() throws Exception {
        String out = launch(Map.of("LC_ALL", "C"));
        assertTrue(out.startsWith("LC_ALL=C.UTF-8\n"), out);
        assertTrue(out.contains("-Dfile.encoding=UTF-8") && out.contains("-Dsun.stdout.encoding=UTF-8"), out);
        assertTrue(List.of(out.split("\n")).contains("café ☕"), "the argument passes through unchanged: " + out);
    }

    @Test
    void aUtf8LocaleIsLeftAsItIs() throws Exception {
        String out = launch(Map.of("LANG", "en_US.UTF-8"));
        assertTrue(out.startsWith("LC_ALL=\n"), out);
    }
}
