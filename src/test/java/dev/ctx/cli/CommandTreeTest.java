package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ctx.support.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A run that names its subcommand gets a tree of that one subcommand (the resident server builds a tree per
 * request), and prints exactly what the whole tree prints: help, results, JSON, usage errors, refusals.
 */
class CommandTreeTest {
    @TempDir
    Path tmp;

    @Test
    void aRunThatNamesItsCommandBuildsThatCommandAlone() throws Exception {
        Cli cli = new Cli(env(new TestRepo(tmp), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertEquals(List.of("remember"), names(cli.commandLineFor("remember", "a fact", "--in", "notes/x")));
        assertEquals(List.of("show"), names(cli.commandLineFor("--repo", "r", "--json", "show", "system/human")));
        assertEquals(List.of("list"), names(cli.commandLineFor("--repo=r", "-v", "list")));
        assertEquals(List.of("index"), names(cli.commandLineFor("index", "update")));
        int all = cli.commandLine().getSubcommands().size();
        // The root's own help and version, no command, unknown names and options: the whole tree explains them.
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"}, new String[] {"nosuch"},
                new String[] {"--bogus", "list"}, new String[] {"--repo"}, new String[] {"--repo", "--json", "list"}, new String[] {"-vh", "list"})) {
            assertEquals(all, cli.commandLineFor(args).getSubcommands().size(), String.join(" ", args));
        }
        assertNull(CommandTree.requested(new String[] {"--", "list"}));
    }

    @Test
    void everyCommandsHelpIsTheSameFromItsOwnTree() throws Exception {
        TestRepo t = new TestRepo(tmp);
        List<String> differ = new ArrayList<>();
        for (List<String> path : paths(new Cli(env(t, new ByteArrayOutputStream(), new ByteArrayOutputStream())).commandLine(), new ArrayList<>())) {
            for (String last : List.of("--help", "--no-such-option")) {
                List<String> args = new ArrayList<>(path);
                args.add(last);
                compare(t, args.toArray(String[]::new), differ);
            }
        }
        assertEquals(List.of(), differ);
    }

    @Test
    void commandsPrintTheSameBytesAsThroughTheWholeTree() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path repo = t.init();
        t.ok("--repo", repo.toString(), "remember", "the build uses maven", "--in", "notes/build");
        String r = repo.toString();
        List<String> differ = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"--repo", r, "show", "notes/build"},
                new String[] {"--repo=" + r, "--json", "show", "notes/build"},
                new String[] {"--repo", r, "show", "notes/missing"},
                new String[] {"--repo", r, "list"},
                new String[] {"--repo", r, "--json", "status"},
                new String[] {"--repo", r, "log", "-n", "2"},
                new String[] {"--repo", r, "remember"},
                new String[] {"--repo", r, "remember", "x", "--in", "../outside"},
                new String[] {"--repo", r, "remember", "the build uses maven", "--in", "notes/build"},
                new String[] {"--repo", r, "write", "system/bad", "--body", "AKIAIOSFODNN7EXAMPLE"},
                new String[] {"--repo", r, "show", "-V"},
                new String[] {"--repo", "", "list"},
                new String[] {"--agent", "", "--repo", r, "list"},
                new String[] {"--repo", r, "search", "--mode", "nonsense", "x"},
                new String[] {"--repo", r, "index"},
                new String[] {"--repo", r, "hooks"},
                new String[] {"--repo", r, "--json", "context", "--budget", "0"},
                new String[] {"list", "--repo", tmp.resolve("none").toString()})) {
            compare(t, args, differ);
        }
        assertEquals(List.of(), differ);
    }

    /** Runs {@code args} through the whole tree and through {@link Cli#run}; records any difference. */
    private static void compare(TestRepo t, String[] args, List<String> differ) {
        TestRepo.Run whole = run(t, cli -> cli.commandLine().execute(args));
        TestRepo.Run own = run(t, cli -> cli.run(args));
        if (!whole.equals(own)) {
            differ.add(String.join(" ", args) + "\nwhole tree: " + whole + "\nown tree: " + own);
        }
    }

    private static TestRepo.Run run(TestRepo t, Function<Cli, Integer> how) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = how.apply(new Cli(env(t, out, err)));
        return new TestRepo.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Env env(TestRepo t, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new Env(t.dir, t.env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), t.clock);
    }

    private static List<String> names(CommandLine root) {
        return List.copyOf(root.getSubcommands().keySet());
    }

    /** Every command path below the root, by its primary name. */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandName().equals(e.getKey())) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            all.add(p);
            all.addAll(paths(e.getValue(), p));
        }
        return all;
    }
}
