package dev.ctx.cli;

import dev.ctx.app.Syncing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Fetch from a remote and integrate its commits, without pushing.",
            "Integration is the one 'ctx sync' does: local commits re-applied on the remote's head, a backup ref first."})
final class PullCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The remote (default: sync.remote in ctx.yaml, origin, or the only remote).")
    String remote;

    @Option(names = "--join-unrelated", description = "Join a remote whose history shares nothing with this one, by a merge commit that keeps every file of both.")
    boolean join;

    @Option(names = "--allow-rewritten", description = "Accept a remote branch rewritten since the last sync; local commits are re-applied on it.")
    boolean allowRewritten;

    @Option(names = "--accept-new-host", description = "Accept and remember an SSH host key not yet in ~/.ssh/known_hosts.")
    boolean acceptNewHost;

    PullCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        return SyncRun.run(this, new Syncing.Request(remote, Syncing.Mode.PULL, join, allowRewritten, acceptNewHost));
    }
}
