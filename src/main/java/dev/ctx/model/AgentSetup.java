package dev.ctx.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code ctx setup} is asked to do: which agent, where its configuration lives (a project folder, or
 * the user's own files under {@code home} and {@code codexHome}), how its hooks and MCP entry run ctx
 * ({@code launcher}: an absolute path to the launcher script, or {@code ctx} found on PATH), and whether
 * to take the wiring out again or only show the diff; {@code dream}: whether a hook dreams when a session ends.
 */
public record AgentSetup(Agent agent, Path project, boolean user, Path home, Path codexHome, String launcher, boolean remove, boolean dryRun,
                         Dream dream) {
    public AgentSetup {
        if (agent == null || launcher == null || launcher.isBlank() || (user ? home == null || codexHome == null : project == null)) {
            throw new IllegalArgumentException("a setup needs an agent, a launcher and a project folder (or a home for --user)");
        }
        if (dream == null) {
            dream = Dream.NONE;
        }
    }

    /** A setup without a dream hook. */
    public AgentSetup(Agent agent, Path project, boolean user, Path home, Path codexHome, String launcher, boolean remove, boolean dryRun) {
        this(agent, project, user, home, codexHome, launcher, remove, dryRun, Dream.NONE);
    }

    /**
     * The dream a hook starts when a session ends ({@code ctx dream --if-due --detach}, docs/dreaming.md): none,
     * one that merges what passes its checks, or one kept on its branch for a person to review.
     */
    public enum Dream {
        NONE, MERGE, REVIEW;

        public static Dream parse(String text) {
            for (Dream d : values()) {
                if (d != NONE && d.name().equalsIgnoreCase(text.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown --dream '" + text + "' (expected merge or review)");
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
