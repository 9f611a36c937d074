package dev.ctx.model;

import java.util.List;

/**
 * What {@code ctx dream} was asked: the passes to run (empty: every deterministic pass, plus the model or
 * agent pass when asked for), whether to keep the result for review (and push it), the model pass, an
 * agent command, a dry run, and whether to dream only when due.
 */
public record DreamRequest(List<String> passes, boolean review, String pushRemote, boolean model, String agentCommand,
                           boolean dryRun, boolean ifDue, Provenance who) {
    public DreamRequest {
        passes = passes == null ? List.of() : List.copyOf(passes);
        if (who == null) {
            who = Provenance.of(null, null, null);
        }
        if (pushRemote != null && !review) {
            throw new IllegalArgumentException("--push needs --review");
        }
    }
}
