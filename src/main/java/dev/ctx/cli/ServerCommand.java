package dev.ctx.cli;

import dev.ctx.model.CtxException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ctx server status|stop}: the user's resident ctx server, which the ctx command starts by itself. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Show or stop your resident ctx server. The ctx command starts it on first use and sends it every "
                + "command (same output, errors and exit codes as running in process); it keeps repositories, search "
                + "indexes and the embedding model warm and leaves after $CTX_SERVER_IDLE (default 15m) without a "
                + "request, or when a ctx of another build arrives. CTX_NO_SERVER=1 runs every command in process."},
        subcommands = {ServerCommand.Status.class, ServerCommand.Stop.class})
final class ServerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the running server (pid, build, socket, uptime, requests, warm repositories); exit 3 when none runs.")
    static final class Status extends BaseCommand {
        Status(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            Map<String, String> s;
            try {
                s = env.resident().status();
            } catch (IOException e) {
                throw CtxException.io("cannot ask the ctx server: " + e.getMessage(), e);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("running", s != null);
            data.put("socket", s != null && s.containsKey("socket") ? s.get("socket") : env.resident().socket());
            if (s != null) {
                data.putAll(s);
            }
            out().result("server status", data, o -> {
                if (s == null) {
                    o.println("no ctx server running (socket " + env.resident().socket() + ")");
                } else {
                    s.forEach((k, v) -> o.println(k + ": " + v));
                }
            });
            return s == null ? ExitCode.NOT_FOUND : ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask the running server to leave (requests in flight finish first); the next ctx command starts a new one.")
    static final class Stop extends BaseCommand {
        Stop(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            boolean stopped;
            try {
                stopped = env.resident().stop();
            } catch (IOException e) {
                throw CtxException.io("cannot reach the ctx server to stop it: " + e.getMessage(), e);
            }
            out().result("server stop", Map.of("stopped", stopped),
                    o -> o.println(stopped ? "ctx server stopped" : "no ctx server was running"));
            return ExitCode.OK;
        }
    }
}
