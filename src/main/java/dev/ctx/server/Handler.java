package dev.ctx.server;

import java.io.InputStream;
import java.io.PrintStream;

/** Runs one request with the client's streams and returns its exit status; the CLI, handed in by the process entry. */
@FunctionalInterface
public interface Handler {
    int run(Request request, InputStream in, PrintStream out, PrintStream err);
}
