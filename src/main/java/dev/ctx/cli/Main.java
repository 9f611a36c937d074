package dev.ctx.cli;

/** Process entry point: only exits. Everything else is {@link Cli#run}, testable in-process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(Env.system()).run(args));
    }
}
