package dev.ctx.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command accepts, before or after its name. One instance is shared by the whole
 * command tree of a run (see {@link Cli}), so {@code ctx --json list} and {@code ctx list --json} agree.
 */
public final class GlobalOptions {
    @Option(names = "--repo", paramLabel = "DIR", description = "Context repository (else $CTX_REPO, else the enclosing one, else ./.ctx).")
    Path repo;

    @Option(names = "--agent", paramLabel = "NAME", description = "Agent name (else $CTX_AGENT): the author and Ctx-Agent of writes; a filter for log and revert.")
    String agent;

    @Option(names = "--session", paramLabel = "ID", description = "Session id (else $CTX_SESSION): the Ctx-Session of writes; a filter for log and revert.")
    String session;

    @Option(names = "--json", description = "Machine-readable output: {\"schema_version\":1,...} on stdout, errors as JSON on stderr.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "More detail; stack traces on internal errors.")
    boolean verbose;

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }
}
