package dev.ctx.model;

import java.util.List;

/**
 * A dream as {@code ctx dream} and {@code ctx dream show} report it: its id, branch, the commit it started
 * from, each pass, the outcome (null for a dry run or a dream that was not due), for a dry run the paths it
 * would change, and a note (why it did not run, which killed dreams it recovered).
 */
public record DreamReport(String id, String branch, String base, List<PassReport> passes, DreamOutcome outcome, boolean dryRun,
                          List<String> wouldChange, String note) {
    public DreamReport {
        passes = List.copyOf(passes);
        wouldChange = wouldChange == null ? List.of() : List.copyOf(wouldChange);
    }
}
