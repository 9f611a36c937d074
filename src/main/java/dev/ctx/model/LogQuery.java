package dev.ctx.model;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Filters for {@link History#log}: every non-null field must match. {@code path} is a file or a folder
 * (a label like {@code system/human} matches {@code system/human.md}); {@code grep} is searched in the
 * whole commit message; {@code max} 0 means no limit.
 */
public record LogQuery(String path, String agent, String session, String op, Instant since, Instant until, Pattern grep, int max) {
    public static LogQuery all() {
        return new LogQuery(null, null, null, null, null, null, null, 0);
    }

    public LogQuery withPath(String p) {
        return new LogQuery(p, agent, session, op, since, until, grep, max);
    }

    public boolean matchesPath(String candidate) {
        if (path == null || candidate == null) {
            return path == null;
        }
        String file = RepoPath.parse(path, true).value();
        String folder = RepoPath.parse(path, false).value();
        return candidate.equals(file) || candidate.equals(folder) || candidate.startsWith(folder + "/");
    }
}
