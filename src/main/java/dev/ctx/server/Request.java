package dev.ctx.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One command as a client sent it: its arguments, working directory and environment. */
public record Request(List<String> argv, Path cwd, Map<String, String> env) {
    public Request {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
