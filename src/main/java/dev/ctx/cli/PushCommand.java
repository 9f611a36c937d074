package dev.ctx.cli;

import dev.ctx.app.Syncing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push local memory commits to a remote, never forced.",
            "Refused (exit 5) when the remote has commits this clone has not: run 'ctx sync' to integrate them first."})
final class PushCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The remote (default: sync.remote in ctx.yaml, origin, or the only remote).")
    String remote;

    @Option(names = "--accept-new-host", description = "Accept and remember an SSH host key not yet in ~/.ssh/known_hosts.")
    boolean acceptNewHost;

    PushCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        return SyncRun.run(this, new Syncing.Request(remote, Syncing.Mode.PUSH, false, false, acceptNewHost));
    }
}
