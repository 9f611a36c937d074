package dev.ctx.git;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A commit as ctx reads it: ids in hex, identities, the message split into subject, body and trailers. */
public record CommitInfo(
        String id,
        List<String> parents,
        String authorName,
        String authorEmail,
        Instant authorTime,
        String committerName,
        Instant commitTime,
        String subject,
        String message,
        Map<String, List<String>> trailers) {

    public CommitInfo {
        parents = List.copyOf(parents);
        trailers = Map.copyOf(trailers);
    }

    /** The first value of a trailer such as {@code Ctx-Op}, or null. */
    public String trailer(String key) {
        List<String> v = trailers.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String shortId() {
        return id.substring(0, Math.min(10, id.length()));
    }
}
