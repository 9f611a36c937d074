package dev.ctx.app;

import java.time.Instant;
import java.util.List;

/** What a revert undoes: commits and ranges, one session's or one agent's work (since a time), or one dream. */
public sealed interface RevertTarget {
    /** Revisions and ranges ({@code A..B}); a merge commit is undone against its first parent. */
    record Commits(List<String> revs) implements RevertTarget {
        public Commits {
            revs = List.copyOf(revs);
        }
    }

    /** Everything one session taught (since a time, when given). */
    record Session(String id, Instant since) implements RevertTarget {
    }

    /** Everything one agent taught (since a time, when given). */
    record Agent(String name, Instant since) implements RevertTarget {
    }

    /** Every pass of one dream (commits with {@code Ctx-Dream: ID}). */
    record Dream(String id) implements RevertTarget {
    }
}
