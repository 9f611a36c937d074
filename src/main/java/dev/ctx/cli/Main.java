package dev.ctx.cli;

/** Process entry point: only exits. Everything else is {@link Cli#run}, testable in-process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        String home = env.var("HOME");
        dev.ctx.app.Ctx.configureProcess(home == null ? null : java.nio.file.Path.of(home));
        System.exit(new Cli(env).run(args));
    }
}
