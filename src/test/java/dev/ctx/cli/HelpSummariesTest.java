package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's summary, the line {@code ctx --help} and a parent's command list show, is a whole
 * sentence: a reader who sees only that line must not be left mid-clause.
 */
class HelpSummariesTest {
    @Test
    void everyCommandSummaryIsAWholeSentence() {
        CommandLine root = cli().commandLine();
        List<String> broken = new ArrayList<>();
        walk(root, broken);
        assertTrue(broken.isEmpty(), "summaries that are not whole sentences:\n" + String.join("\n", broken));
    }

    @Test
    void everyCommandPrintsItsHelpWithExitZero() {
        List<String> failed = new ArrayList<>();
        for (List<String> path : paths(cli().commandLine(), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = cli(out).run(args.toArray(String[]::new));
            String text = out.toString(StandardCharsets.UTF_8);
            if (code != 0 || !text.startsWith("Usage: ctx")) {
                failed.add(String.join(" ", args) + " -> " + code);
            }
        }
        assertEquals(List.of(), failed);
    }

    private static void walk(CommandLine cl, List<String> broken) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName();
            if (!sub.getCommandSpec().name().equals(sub.getCommandName())) {
                continue;
            }
            String[] d = sub.getCommandSpec().usageMessage().description();
            String summary = d.length == 0 ? "" : d[0].strip();
            if (!summary.matches("(?s)[A-Z].*[.!?](\\))?")) {
                broken.add(name + ": \"" + summary + "\"");
            }
            walk(sub, broken);
        }
    }

    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            all.add(p);
            all.addAll(paths(e.getValue(), p));
        }
        return all;
    }

    private static Cli cli() {
        return cli(new ByteArrayOutputStream());
    }

    private static Cli cli(ByteArrayOutputStream out) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Cli(new Env(Path.of(".").toAbsolutePath(), Map.of(), java.io.InputStream.nullInputStream(), ps, ps, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));
    }
}
