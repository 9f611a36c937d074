package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedServerCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Env env = new Env(dir, Map.of("HOME", dir.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        return new Cli(env).run(args);
    }

    @Test
    void isHiddenFromHelp() {
        assertEquals(0, run("--help"));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("embed-server"));
    }

    @Test
    void needsTheCacheDir() {
        assertEquals(ExitCode.USAGE.code(), run("embed-server"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--cache-dir"));
    }
}
