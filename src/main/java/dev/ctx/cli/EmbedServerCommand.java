package dev.ctx.cli;

import dev.ctx.app.EmbeddingService;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The separate warm embedding server, started detached by the first command that needs embeddings when
 * no resident ctx server runs (CTX_NO_SERVER=1, or where it cannot start); the resident server holds the
 * model itself and never starts this one. Not for people to run. It holds the builtin model and answers on a Unix socket under the cache folder until
 * idle for the given time.
 */
@Command(name = "embed-server", hidden = true, mixinStandardHelpOptions = true,
        description = "Serve the builtin embedding model to other ctx processes until idle (started automatically).")
final class EmbedServerCommand extends BaseCommand {
    @Option(names = "--cache-dir", required = true, paramLabel = "DIR", description = "ctx's cache folder of the repository.")
    Path cacheDir;

    @Option(names = "--natives", paramLabel = "DIR", description = "Where to extract the model's native libraries (default: the user's cache).")
    Path natives;

    @Option(names = "--idle-seconds", paramLabel = "N", defaultValue = "600", description = "Exit after this long without a request.")
    long idleSeconds;

    EmbedServerCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        EmbeddingService server = EmbeddingService.of(cacheDir, natives, Duration.ofSeconds(Math.max(1, idleSeconds)), env.vars());
        // On SIGTERM the socket name goes first, so clients find nothing rather than a dead socket.
        Thread hook = new Thread(server::stop, "ctx-embed-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.run();
        Runtime.getRuntime().removeShutdownHook(hook);
        return ExitCode.OK;
    }
}
