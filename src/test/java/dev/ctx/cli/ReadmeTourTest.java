package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's five-minute tour, taken from README.md and run as a person would: by bash, line after
 * line with {@code set -e}, in a fresh folder with its own HOME and a {@code ctx} command on PATH. The
 * {@code ctx} there is a shim that starts the jar's Main-Class (read from pom.xml, so it follows the
 * product's entry point) on this build's class path, in a child JVM like the installed launcher does.
 * The README's search is hybrid, so the test keeps it hybrid and only makes it finish in this process
 * tree: vectors are embedded in the searching process (CTX_EMBED_BACKGROUND=0), with no warm embedding
 * server (CTX_EMBED_WARM=0) and no resident server (CTX_NO_SERVER=1) left running after the test.
 */
class ReadmeTourTest {
    private static final Pattern TOUR = Pattern.compile("(?s)## A five-minute tour.*?```bash\\n(.*?)```");
    private static final Pattern MAIN_CLASS = Pattern.compile("<mainClass>([\\w.]+)</mainClass>");

    @TempDir
    Path tmp;

    @Test
    void theTourRunsAsWrittenInAFreshHome() throws Exception {
        String tour = tour();
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path bin = shim(Files.createDirectories(tmp.resolve("bin")));
        Path script = Files.writeString(tmp.resolve("tour.sh"), "set -euo pipefail\n" + tour);

        Run tourRun = bash(List.of(script.toString()), home, work, bin);
        assertEquals(0, tourRun.exit, "the README tour failed:\n" + tourRun.output);
        String out = tourRun.output;
        assertTrue(out.contains("Run `make test` before every push.") && out.contains("Integration tests need Podman"),
                "show project/build prints the written, appended and replaced text:\n" + out);
        Matcher firstHit = Pattern.compile("(?m)^1\\. (\\S+)").matcher(out);
        assertTrue(firstHit.find() && firstHit.group(1).startsWith("recall/markdown/"),
                "the tour's search finds the ingested session first:\n" + out);
        assertTrue(out.contains("revert: undo session tour-1") && out.contains("undid 5 commits"),
                "the revert undoes the tour's session:\n" + out);
        assertTrue(out.contains("No blocking findings"), "the review of the branch is clean:\n" + out);

        // The same settings search in hybrid mode with every vector in place, as the README promises.
        Run search = bash(List.of("-c", "ctx --repo ~/memory --json search 'Zod validation'"), home, work, bin);
        assertEquals(0, search.exit, search.output);
        assertTrue(search.output.contains("\"mode\":\"hybrid\"") && search.output.contains("\"pending_chunks\":0"), search.output);
    }

    private static String tour() throws IOException {
        Matcher m = TOUR.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "README.md has a '## A five-minute tour' section with a bash block");
        return m.group(1);
    }

    /** A {@code ctx} on PATH: the jar's Main-Class on the class path of this build. */
    private static Path shim(Path bin) throws IOException {
        Matcher m = MAIN_CLASS.matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "pom.xml names the jar's Main-Class");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path ctx = bin.resolve("ctx");
        Files.writeString(ctx, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + m.group(1) + " \"$@\"\n");
        Files.setPosixFilePermissions(ctx, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private record Run(int exit, String output) {
    }

    private static Run bash(List<String> args, Path home, Path work, Path bin) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CTX_") || k.startsWith("GIT_") || k.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("CTX_EMBED_BACKGROUND", "0");
        env.put("CTX_EMBED_WARM", "0");
        env.put("CTX_NO_SERVER", "1");
        Path log = Files.createTempFile(work.getParent(), "run", ".log");
        pb.redirectOutput(log.toFile());
        // As typed in a terminal, but no command may wait for input: a tour step that does would hang here.
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        // A bound against a hang, not a timing assertion: the tour takes seconds.
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            return new Run(-1, "timed out\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }
}
