package dev.ctx.cli;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which part of the command tree a run needs. picocli reads every subcommand's annotations and makes its
 * object when the tree is built, about 40 ms for the whole tree, paid by every request the resident server
 * runs; a run names one subcommand, which costs well under a millisecond alone. So a run whose subcommand
 * is plain from its arguments gets a root with that one subcommand, and the whole tree is built only for
 * what needs it: the root's help and version, no subcommand, an unknown name (whose error suggests the
 * others), or anything before the name that is not a global option.
 *
 * <p>The names come from {@link CtxCommand}'s subcommand list and the global options from
 * {@link GlobalOptions}' annotations, so a command or option added there needs nothing here.
 */
final class CommandTree {
    /** Subcommand name or alias to its class, read once from CtxCommand's annotation (immutable). */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();
    /** Global options that take a value ({@code --repo DIR}), and those that do not ({@code --json}). */
    private static final Set<String> VALUED = globalOptions(true);
    private static final Set<String> FLAGS = globalOptions(false);

    private CommandTree() {
    }

    /** The subcommand {@code args} runs when only global options come before its name, else null. */
    static Class<?> requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED.contains(a)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                    return null; // a missing or option-like value: picocli says what is wrong
                }
                i++;
            } else if (!FLAGS.contains(a) && !valuedInline(a)) {
                return a.startsWith("-") ? null : SUBCOMMANDS.get(a);
            }
        }
        return null;
    }

    /** The root with only {@code subcommand} below it; parses and runs that command as the whole tree does. */
    static CommandLine only(Class<?> subcommand, CommandLine.IFactory factory) {
        CommandLine root = new CommandLine(Root.class, factory);
        root.addSubcommand(new CommandLine(subcommand, factory));
        return root;
    }

    private static boolean valuedInline(String a) {
        int eq = a.indexOf('=');
        return eq > 0 && VALUED.contains(a.substring(0, eq));
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new HashMap<>();
        for (Class<?> c : CtxCommand.class.getAnnotation(Command.class).subcommands()) {
            Command cmd = c.getAnnotation(Command.class);
            m.put(cmd.name(), c);
            for (String alias : cmd.aliases()) {
                m.put(alias, c);
            }
        }
        return Map.copyOf(m);
    }

    private static Set<String> globalOptions(boolean valued) {
        Set<String> names = new HashSet<>();
        for (Field f : GlobalOptions.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            boolean flag = f.getType() == boolean.class || f.getType() == Boolean.class;
            if (o != null && flag != valued) {
                names.addAll(Set.of(o.names()));
            }
        }
        return Set.copyOf(names);
    }

    /**
     * The root of a one-subcommand tree: the name and the options that {@link CtxCommand} has and that apply
     * before a subcommand's name (its description and exit codes only show in its own help, which gets the
     * whole tree). It never runs: a run without a subcommand gets the whole tree.
     */
    @Command(name = "ctx", mixinStandardHelpOptions = true, versionProvider = CtxCommand.Version.class)
    static final class Root implements Runnable {
        @Mixin
        GlobalOptions global;

        @Override
        public void run() {
            throw new IllegalStateException("the one-subcommand tree ran without its subcommand");
        }
    }
}
