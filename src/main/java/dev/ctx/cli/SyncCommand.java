package dev.ctx.cli;

import dev.ctx.app.Syncing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Fetch from a remote, re-apply local memory commits on its head, and push; never a force-push.",
            "Concurrent edits of one file merge by front-matter key and list item; a true conflict keeps both sides in the file "
                    + "and is reported (exit 1) for 'ctx resolve'. A backup ref (refs/ctx/backup/...) is written before the branch moves. "
                    + "Unrelated histories and a remote whose history was rewritten are refused unless asked. See docs/sharing.md."})
final class SyncCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", description = "The remote (default: sync.remote in ctx.yaml, origin, or the only remote).")
    String remote;

    @Option(names = "--join-unrelated", description = "Join a remote whose history shares nothing with this one, by a merge commit that keeps every file of both.")
    boolean join;

    @Option(names = "--allow-rewritten", description = "Accept a remote branch rewritten since the last sync; local commits are re-applied on it, none is lost.")
    boolean allowRewritten;

    @Option(names = "--accept-new-host", description = "Accept and remember an SSH host key not yet in ~/.ssh/known_hosts (check its fingerprint first).")
    boolean acceptNewHost;

    SyncCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        return SyncRun.run(this, new Syncing.Request(remote, Syncing.Mode.SYNC, join, allowRewritten, acceptNewHost));
    }
}
