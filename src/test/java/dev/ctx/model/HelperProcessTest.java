package dev.ctx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelperProcessTest {
    private final HelperProcess server = new HelperProcess(Path.of("/jdk/bin/java"), List.of("-Dadapter=1"), List.of("/a.jar", "/b.jar"),
            "example.Main", List.of("serve", "--dir", "{cache_dir}", "--idle", "{idle_seconds}s"));

    @Test
    void theCommandLineIsJavaFlagsClassPathMainAndArguments() {
        assertEquals(List.of("/jdk/bin/java", "-Dadapter=1", "-cp", "/a.jar" + File.pathSeparator + "/b.jar", "example.Main",
                "serve", "--dir", "{cache_dir}", "--idle", "{idle_seconds}s"), server.command());
    }

    @Test
    void bindFillsPlaceholdersInsideArgumentsAndLeavesTheRest() {
        HelperProcess bound = server.bind(Map.of("cache_dir", "/cache", "idle_seconds", "600"));
        assertEquals(List.of("serve", "--dir", "/cache", "--idle", "600s"), bound.args());
        assertEquals(server.mainClass(), bound.mainClass());
        assertEquals(server.classPath(), bound.classPath());
    }

    @Test
    void theLibrarysFlagsGoBeforeTheAdaptersSoTheAdapterCanOverrideThem() {
        HelperProcess h = server.withJvmFlags(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dadapter=1"), h.jvmFlags());
        assertEquals(server.args(), h.args());
    }

    @Test
    void aHelperNeedsAMainClass() {
        assertThrows(IllegalArgumentException.class, () -> new HelperProcess(Path.of("java"), List.of(), List.of(), " ", List.of()));
    }
}
