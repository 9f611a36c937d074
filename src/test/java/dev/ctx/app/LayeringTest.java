package dev.ctx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The front door as a rule of the sources: adapters reach the domain only through app and model, and the
 * library below them reads no process environment or wall clock and names no adapter.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/ctx");
    private static final Pattern DOMAIN_REFERENCE = Pattern.compile("\\bdev\\.ctx\\.(\\w+)\\.");

    /** Source text without comments and string literals, so only code is judged. */
    private static String code(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        s = s.replaceAll("(?s)/\\*.*?\\*/", "");
        s = s.replaceAll("//[^\\n]*", "");
        return s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static Map<Path, String> sources(String pkg, boolean inside) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                boolean in = MAIN.relativize(f).startsWith(pkg);
                if (in == inside) {
                    out.put(f, code(f));
                }
            }
        }
        return out;
    }

    @Test
    void theCliReachesTheLibraryOnlyThroughAppAndModel() throws IOException {
        List<String> found = new ArrayList<>();
        sources("cli", true).forEach((f, code) -> {
            Matcher m = DOMAIN_REFERENCE.matcher(code);
            while (m.find()) {
                if (!List.of("app", "model", "cli").contains(m.group(1))) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        assertEquals(List.of(), found);
    }

    /** Setup of agents edits their files; it reads the repository only through what app hands it, and diffs with git. */
    @Test
    void agentsReachOnlyModelAndGit() throws IOException {
        List<String> found = new ArrayList<>();
        Map<Path, String> agents = sources("agents", true);
        assertTrue(!agents.isEmpty(), "the agents package was found");
        agents.forEach((f, code) -> {
            Matcher m = DOMAIN_REFERENCE.matcher(code);
            while (m.find()) {
                if (!List.of("agents", "model", "git").contains(m.group(1))) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void theServerReachesTheLibraryOnlyThroughAppAndModel() throws IOException {
        List<String> found = new ArrayList<>();
        sources("server", true).forEach((f, code) -> {
            Matcher m = DOMAIN_REFERENCE.matcher(code);
            while (m.find()) {
                if (!List.of("app", "model", "server").contains(m.group(1))) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        assertEquals(List.of(), found);
    }

    /** The MCP adapter, like the CLI: app and model only (plus the SDK and Jackson, which are not dev.ctx). */
    @Test
    void theMcpServerReachesTheLibraryOnlyThroughAppAndModel() throws IOException {
        assertEquals(List.of(), referencesOutside("mcp", List.of("app", "model", "mcp")));
        assertTrue(sources("mcp", true).size() > 3, "the mcp sources were found");
    }

    /** The context assembly renders what app gives it: it names nothing but the model. */
    @Test
    void theContextAssemblyUsesOnlyTheModel() throws IOException {
        assertEquals(List.of(), referencesOutside("context", List.of("model", "context")));
    }

    /**
     * Import plans from the source and commits through the store and recall ingestion; it names no adapter and no
     * use case of app, so the CLI and MCP reach it only through Ctx.
     */
    @Test
    void importsReachOnlyTheDomainBelowThem() throws IOException {
        assertTrue(sources("imports", true).size() > 4, "the imports sources were found");
        assertEquals(List.of(), referencesOutside("imports", List.of("imports", "model", "format", "store", "recall", "git")));
    }

    /** Skill sharing is a domain area: it builds on store, format and git (JGit stays there), and names no adapter or app. */
    @Test
    void skillSharingReachesOnlyTheDomainBelowIt() throws IOException {
        assertTrue(sources("skills", true).size() > 5, "the skills sources were found");
        assertEquals(List.of(), referencesOutside("skills", List.of("skills", "store", "format", "git", "model")));
        List<String> jgit = new ArrayList<>();
        sources("skills", true).forEach((f, code) -> {
            if (code.contains("org.eclipse.jgit")) {
                jgit.add(f.getFileName().toString());
            }
        });
        assertEquals(List.of(), jgit, "only dev.ctx.git imports JGit");
    }

    /** Sync works on the store, git, format and the model; JGit stays in git (issue 15). */
    @Test
    void syncUsesOnlyTheDomainBelowItAndNoJGit() throws IOException {
        assertEquals(List.of(), referencesOutside("sync", List.of("sync", "store", "git", "format", "model")));
        Map<Path, String> sync = sources("sync", true);
        assertTrue(sync.size() > 5, "the sync sources were found");
        List<String> jgit = new ArrayList<>();
        sync.forEach((f, code) -> {
            if (code.contains("org.eclipse.jgit")) {
                jgit.add(f.getFileName().toString());
            }
        });
        assertEquals(List.of(), jgit);
    }

    /** Dreaming works on the domain below it (the store's write path, git, format, history) and never reaches app or an adapter. */
    @Test
    void dreamingUsesOnlyTheDomainBelowIt() throws IOException {
        assertEquals(List.of(), referencesOutside("dream", List.of("dream", "model", "store", "git", "format", "history")));
        assertTrue(sources("dream", true).size() > 10, "the dream sources were found");
    }

    /** JGit stays in package git: worktrees, merges and pushes for dreaming too. */
    @Test
    void onlyTheGitPackageImportsJGit() throws IOException {
        List<String> found = new ArrayList<>();
        sources("git", false).forEach((f, code) -> {
            if (code.contains("org.eclipse.jgit")) {
                found.add(MAIN.relativize(f).toString());
            }
        });
        assertEquals(List.of(), found);
    }

    private static List<String> referencesOutside(String pkg, List<String> allowed) throws IOException {
        List<String> found = new ArrayList<>();
        sources(pkg, true).forEach((f, code) -> {
            Matcher m = DOMAIN_REFERENCE.matcher(code);
            while (m.find()) {
                if (!allowed.contains(m.group(1))) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        return found;
    }

    /** Only the process entry (the files of package dev.ctx itself) wires the adapters together. */
    @Test
    void nothingButTheProcessEntryNamesAnAdapter() throws IOException {
        Pattern adapter = Pattern.compile("\\bdev\\.ctx\\.(cli|server|mcp)\\b");
        List<String> found = new ArrayList<>();
        Map<Path, String> all = new TreeMap<>(sources("cli", false));
        all.putAll(sources("cli", true));
        assertTrue(all.keySet().stream().anyMatch(f -> f.endsWith("Main.java")), "the process entry was found");
        all.forEach((f, code) -> {
            Path rel = MAIN.relativize(f);
            if (rel.getNameCount() == 1) {
                return; // dev.ctx.Main and its helpers: the composition of the adapters
            }
            String own = rel.getName(0).toString();
            Matcher m = adapter.matcher(code);
            while (m.find()) {
                if (!m.group(1).equals(own)) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void modelIsTheBottomLayer() throws IOException {
        List<String> found = new ArrayList<>();
        sources("model", true).forEach((f, code) -> {
            Matcher m = DOMAIN_REFERENCE.matcher(code);
            while (m.find()) {
                if (!m.group(1).equals("model")) {
                    found.add(f.getFileName() + ": dev.ctx." + m.group(1));
                }
            }
        });
        assertEquals(List.of(), found);
    }

    @Test
    void belowTheAdaptersNothingReadsTheEnvironmentOrTheWallClockOrNamesTheCli() throws IOException {
        Pattern forbidden = Pattern.compile("System\\.getenv|System\\.currentTimeMillis|Instant\\.now\\(\\)|Clock\\.system|dev\\.ctx\\.cli\\b");
        Map<Path, String> below = new TreeMap<>(sources("cli", false));
        // the adapters and the process entry above them may read the process's environment and clock
        below.keySet().removeIf(f -> MAIN.relativize(f).startsWith("server") || MAIN.relativize(f).getNameCount() == 1);
        assertTrue(below.size() > 50, "the sources were found: " + below.size());
        List<String> found = new ArrayList<>();
        below.forEach((f, code) -> {
            Matcher m = forbidden.matcher(code);
            while (m.find()) {
                found.add(f.getFileName() + ": " + m.group());
            }
        });
        assertEquals(List.of(), found);
    }
}
