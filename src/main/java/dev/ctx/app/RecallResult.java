package dev.ctx.app;

import dev.ctx.model.WriteResult;
import java.util.List;

/** What {@code recall ingest} did: the commit, the files read, malformed lines skipped, and per session its new turns. */
public record RecallResult(WriteResult write, int filesRead, int skippedLines, List<Session> sessions) {
    public RecallResult {
        sessions = List.copyOf(sessions);
    }

    /** One session: where it went, and how many of its turns were new. */
    public record Session(String path, String session, String source, int turns, int added) {
    }

    public int turnsAdded() {
        return sessions.stream().mapToInt(Session::added).sum();
    }
}
