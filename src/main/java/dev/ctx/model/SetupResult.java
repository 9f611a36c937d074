package dev.ctx.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ctx setup} changed (or, with {@code --dry-run}, would change): each file it created,
 * modified or deleted with a unified diff, and notes a person must act on (trusting Codex's hooks).
 * No edits means everything was already as setup leaves it.
 */
public record SetupResult(AgentSetup.Agent agent, boolean remove, boolean dryRun, List<FileEdit> edits, List<String> notes) {
    public SetupResult {
        edits = List.copyOf(edits);
        notes = List.copyOf(notes);
    }

    public enum Action { CREATE, MODIFY, DELETE }

    /** One file and what happened to it. */
    public record FileEdit(Path path, Action action, String diff) {
    }
}
