package dev.ctx;

import dev.ctx.app.Ctx;
import dev.ctx.app.Workspace;
import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import dev.ctx.cli.SelfLaunch;
import dev.ctx.server.BuildId;
import dev.ctx.server.Client;
import dev.ctx.server.Peers;
import dev.ctx.server.RuntimeDir;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ctx process: sends the command to the user's resident server when one answers; else starts one
 * (detached, for the next command) and runs this command in process, so a cold command costs what it did
 * before the server existed and ctx works whether or not a server can run. {@code main} only exits.
 */
public final class Main {
    /** Set to 1 to run every command in process and never start a server. */
    static final String NO_SERVER = "CTX_NO_SERVER";
    /** Set by the native client when it found no server: start one, but do not try to connect again. */
    static final String CLIENT_TRIED = "CTX_CLIENT_TRIED";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> environment) {
        Map<String, String> vars = new HashMap<>(environment);
        boolean tried = "1".equals(vars.remove(CLIENT_TRIED));
        RuntimeDir dir = RuntimeDir.locate(vars, Peers.uid());
        if (args.length == 2 && args[0].equals("server") && args[1].equals("run")) {
            return ServerProcess.serve(dir, vars);
        }
        if (McpProcess.wanted(args)) {
            // stdio is the protocol: never through the server's thin client, and nothing else on stdout.
            return McpProcess.serve(args, vars);
        }
        PrintStream out = utf8(FileDescriptor.out);
        PrintStream err = utf8(FileDescriptor.err);
        Path cwd = Path.of("").toAbsolutePath();
        boolean served = !"1".equals(vars.get(NO_SERVER)) && !inProcessOnly(args);
        if (served && !tried) {
            Client.Result r = Client.run(dir, BuildId.current(), List.of(args), cwd, vars, System.in, out, err);
            if (r instanceof Client.Result.Done d) {
                return d.exit();
            }
            if (r instanceof Client.Result.Unsafe u) {
                err.println("ctx: not using the ctx server: " + u.why());
                served = false;
            }
        }
        if (served) {
            // The resident server takes over warm embedding: this one command does not also start the separate
            // warm embedding server (kept for CTX_NO_SERVER=1 and hosts where the server cannot run).
            vars.putIfAbsent("CTX_EMBED_WARM", "0");
        }
        String home = vars.get("HOME");
        Ctx.configureProcess(home == null ? null : Path.of(home));
        Env env = new Env(cwd, vars, System.in, out, err, Clock.systemUTC(), Workspace.fresh(SelfLaunch.helpers()), new ServerProcess.LocalResident(dir));
        try {
            return new Cli(env).run(args);
        } finally {
            out.flush();
            err.flush();
            // Only now: a server starting beside this command would take the cores it runs on (measured: the
            // first command 1.5x slower on 2 cores); started after it, a cold command costs what it did before.
            if (served) {
                ServerProcess.startDetached(dir, vars);
            }
        }
    }

    /** Commands that talk to the server themselves, or are ctx's own helpers: never sent to the server. */
    private static boolean inProcessOnly(String[] args) {
        return args.length > 0 && (args[0].equals("server") || args[0].equals("embed-server") || args[0].equals("mcp"));
    }

    /** UTF-8 whatever the locale, in process as through the server, so both print the same bytes. */
    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 1 << 14), true, StandardCharsets.UTF_8);
    }
}
