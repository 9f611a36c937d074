package dev.ctx.cli;

import dev.ctx.model.CtxException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Builds the picocli command tree for one run with its {@link Env}, and turns every outcome into a
 * documented exit status: usage errors, {@link CtxException}s (one line), and bugs (one line, stack trace
 * only with --verbose).
 */
public final class Cli {
    private final Env env;
    private final GlobalOptions global = new GlobalOptions();

    public Cli(Env env) {
        this.env = env;
    }

    public int run(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].indexOf('\uFFFD') >= 0) {
                // The JVM decodes arguments with the locale's charset and puts U+FFFD where it cannot: committing
                // that would corrupt the text silently, so refuse it (the launcher selects a UTF-8 locale).
                new Output(env, global).error("usage", "argument " + (i + 1) + " holds bytes that are not valid UTF-8 (or the locale is not UTF-8): "
                        + "run ctx through its launcher or with LC_ALL=C.UTF-8, or pass the text in a UTF-8 file with --body-file", ExitCode.USAGE);
                return ExitCode.USAGE.code();
            }
        }
        if (jsonVersion(args)) {
            // picocli prints --version as plain text before any command runs; --json asks for the document.
            global.json = true;
            String v = new CtxCommand.Version().getVersion()[0];
            new Output(env, global).result("version", java.util.Map.of("version", v), o -> o.println(v));
            return ExitCode.OK.code();
        }
        return commandLineFor(args).execute(args);
    }

    /**
     * The tree that runs {@code args}: only the subcommand they name when that is plain (the resident server
     * runs every request through here, and the whole tree costs about 40 ms to build), else the whole tree.
     */
    CommandLine commandLineFor(String... args) {
        Class<?> sub = CommandTree.requested(args);
        return sub == null ? commandLine() : configured(CommandTree.only(sub, new Factory()));
    }

    /** {@code ctx --json --version} (either order), before any subcommand. */
    private static boolean jsonVersion(String[] args) {
        boolean json = false;
        boolean version = false;
        for (String a : args) {
            if (!a.startsWith("-")) {
                return false;
            }
            json |= a.equals("--json");
            version |= a.equals("--version") || a.equals("-V");
        }
        return json && version;
    }

    /** The configured command tree; exposed so parse-only tests can check option handling. */
    public CommandLine commandLine() {
        return configured(new CommandLine(CtxCommand.class, new Factory()));
    }

    /** Streams, enum matching and the exception handlers, applied to the whole tree below {@code cl}. */
    private CommandLine configured(CommandLine cl) {
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> handle(ex));
        cl.setParameterExceptionHandler(this::usage);
        return cl;
    }

    private int usage(ParameterException ex, String[] args) {
        Output out = new Output(env, global);
        out.error("usage", ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')", ExitCode.USAGE);
        return ExitCode.USAGE.code();
    }

    int handle(Exception ex) {
        Output out = new Output(env, global);
        if (ex instanceof CtxException ce) {
            ExitCode code = ExitCode.of(ce.problem());
            out.error(ce.problem().name().toLowerCase(java.util.Locale.ROOT), ce.getMessage(), code);
            if (global.verbose() && ce.getCause() != null) {
                ce.getCause().printStackTrace(env.err());
            }
            return code.code();
        }
        if (ex instanceof ParameterException pe) {
            return usage(pe, new String[0]);
        }
        out.error("internal", "internal error: " + ex + (global.verbose() ? "" : " (rerun with --verbose for the stack trace)"), ExitCode.INTERNAL);
        if (global.verbose()) {
            ex.printStackTrace(env.err());
        }
        return ExitCode.INTERNAL.code();
    }

    /** Injects the run's Env into commands and hands every command the one shared GlobalOptions. */
    private final class Factory implements IFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) {
                return (K) global;
            }
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Env.class) {
                    c.setAccessible(true);
                    return (K) c.newInstance(env);
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
