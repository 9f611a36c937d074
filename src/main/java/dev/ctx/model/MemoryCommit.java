package dev.ctx.model;

import java.time.Instant;
import java.util.List;

/**
 * A commit in memory terms: which operation, by which agent and session, why, and which files. Plain
 * git commits (no Ctx-Op trailer) have op {@code commit} (or {@code merge}) and their author as agent.
 */
public record MemoryCommit(
        String id,
        List<String> parents,
        Instant time,
        String author,
        String op,
        String agent,
        String session,
        String reason,
        String dream,
        String subject,
        List<String> reverts,
        List<FileChange> files) {

    public MemoryCommit {
        parents = List.copyOf(parents);
        reverts = List.copyOf(reverts);
        files = List.copyOf(files);
    }

    public String shortId() {
        return id.substring(0, Math.min(10, id.length()));
    }

    public boolean isMerge() {
        return parents.size() > 1;
    }

    /** "agent bob, session s2" (or just what is known), for one-line messages. */
    public String who() {
        StringBuilder sb = new StringBuilder();
        if (agent != null) {
            sb.append("agent ").append(agent);
        }
        if (session != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("session ").append(session);
        }
        return sb.length() == 0 ? author : sb.toString();
    }
}
