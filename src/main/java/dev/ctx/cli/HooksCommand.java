package dev.ctx.cli;

import dev.ctx.app.Ctx;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hooks", mixinStandardHelpOptions = true,
        description = "Git hooks of the context repository.",
        subcommands = {HooksCommand.Install.class})
final class HooksCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install a pre-commit hook that runs 'ctx validate --staged' on every plain 'git commit'.",
                "A person or an agent editing files directly then gets the same checks. Refuses to replace a hook it did not write unless --force."})
    static final class Install extends BaseCommand {
        @Option(names = "--force", description = "Replace an existing pre-commit hook that ctx did not install.")
        boolean force;

        Install(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                Path hook = ctx.installHooks(run() + " --repo \"$(git rev-parse --show-toplevel)\" validate --staged", force);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("hook", hook.toString());
                out().result("hooks install", data, o -> o.println("installed " + hook + " (runs ctx validate --staged before each commit)"));
                return ExitCode.OK;
            }
        }

        /** The hook runs the same ctx that installed it: the launcher when known, else this JVM and classpath. */
        private String run() {
            String launcher = env.var("CTX_LAUNCHER");
            return launcher != null
                    ? "\"" + launcher + "\""
                    : "\"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -XX:TieredStopAtLevel=1 -cp \""
                            + System.getProperty("java.class.path") + "\" " + SelfLaunch.MAIN;
        }
    }
}
