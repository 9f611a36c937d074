package dev.ctx.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code ctx setup} is asked to do: which agent, where its configuration lives (a project folder, or
 * the user's own files under {@code home} and {@code codexHome}), how its hooks and MCP entry run ctx
 * ({@code launcher}: an absolute path to the launcher script, or {@code ctx} found on PATH), and whether
 * to take the wiring out again or only show the diff.
 */
public record AgentSetup(Agent agent, Path project, boolean user, Path home, Path codexHome, String launcher, boolean remove, boolean dryRun) {
    public AgentSetup {
        if (agent == null || launcher == null || launcher.isBlank() || (user ? home == null || codexHome == null : project == null)) {
            throw new IllegalArgumentException("a setup needs an agent, a launcher and a project folder (or a home for --user)");
        }
    }

    /** The agents ctx can wire itself into. */
    public enum Agent {
        CLAUDE_CODE, CODEX;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Agent parse(String text) {
            for (Agent a : values()) {
                if (a.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown agent '" + text + "' (expected claude-code or codex)");
        }
    }
}
