package dev.ctx.app;

import dev.ctx.model.WriteResult;
import java.util.List;

/**
 * What {@code ctx import} did or, with {@code dryRun}, would do: per planned file its action (create, same,
 * conflict), the recall sessions of its messages, whether a memory repository's history was adopted, notes on
 * what was left out, and the commit ({@code write} null on a dry run; its commit null when nothing changed).
 */
public record ImportResult(String source, String format, boolean dryRun, List<File> files, List<RecallResult.Session> recall,
                           boolean adoptsHistory, String adoptedHead, List<String> notes, WriteResult write) {
    public ImportResult {
        files = List.copyOf(files);
        recall = List.copyOf(recall);
        notes = List.copyOf(notes);
    }

    /** One planned file: its path, {@code create}, {@code same} or {@code conflict}, whether pinned, and where it came from. */
    public record File(String path, String action, boolean pinned, String from) {
    }

    public List<File> conflicts() {
        return files.stream().filter(f -> f.action().equals("conflict")).toList();
    }

    public int turnsAdded() {
        return recall.stream().mapToInt(RecallResult.Session::added).sum();
    }

    /** Whether the import changed (or would change) nothing: every file there already, no new turn, history adopted before. */
    public boolean unchanged() {
        return write != null ? !write.changed()
                : files.stream().allMatch(f -> f.action().equals("same")) && turnsAdded() == 0 && !adoptsHistory;
    }
}
