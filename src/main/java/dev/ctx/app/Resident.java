package dev.ctx.app;

import java.io.IOException;
import java.util.Map;

/**
 * The resident ctx server of the user as {@code ctx server status|stop} sees it. The process entry
 * implements it with the server package, so the CLI never imports the server.
 */
public interface Resident {
    /** The running server's "key value" facts (pid, build, socket, uptime_ms, requests, ...), or null when none runs. */
    Map<String, String> status() throws IOException;

    /** Asks the running server to leave; false when none was running. */
    boolean stop() throws IOException;

    /** Where the server's socket is (or would be). */
    String socket();

    /** No resident server in this setting (tests, embedding ctx as a library). */
    static Resident none() {
        return new Resident() {
            @Override
            public Map<String, String> status() {
                return null;
            }

            @Override
            public boolean stop() {
                return false;
            }

            @Override
            public String socket() {
                return "(none: this ctx runs without a server)";
            }
        };
    }
}
