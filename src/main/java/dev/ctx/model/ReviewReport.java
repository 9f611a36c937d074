package dev.ctx.model;

import java.util.List;

/**
 * A review of the changes between two commits, for a pull request: per file what was learned and
 * forgotten, growth of the always-loaded context, validation, likely duplicates, and who taught what.
 * {@link #blockers()} lists what should stop a merge (validation errors, budget exceeded).
 */
public record ReviewReport(
        String range,
        String base,
        String head,
        int commits,
        List<FileReview> files,
        Budget system,
        List<Finding> findings,
        List<Duplicate> duplicates,
        List<Contributor> contributors,
        List<String> blockers) {

    public ReviewReport {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
        duplicates = List.copyOf(duplicates);
        contributors = List.copyOf(contributors);
        blockers = List.copyOf(blockers);
    }

    public boolean blocking() {
        return !blockers.isEmpty();
    }

    /**
     * One file: status is added, deleted, modified, renamed or split (its facts went to {@code splitInto});
     * facts are normalized lines and list items; agents and sessions are those whose commits touched it.
     */
    public record FileReview(
            String path,
            String status,
            String oldPath,
            List<String> splitInto,
            String descriptionBefore,
            String descriptionAfter,
            List<String> factsAdded,
            List<String> factsRemoved,
            int linesAdded,
            int linesRemoved,
            List<String> agents,
            List<String> sessions) {

        public FileReview {
            splitInto = List.copyOf(splitInto);
            factsAdded = List.copyOf(factsAdded);
            factsRemoved = List.copyOf(factsRemoved);
            agents = List.copyOf(agents);
            sessions = List.copyOf(sessions);
        }

        public boolean descriptionChanged() {
            return descriptionBefore != null && descriptionAfter != null && !descriptionBefore.equals(descriptionAfter);
        }
    }

    /** The always-loaded context (bodies under system/) before and after, against the budget of ctx.yaml at head. */
    public record Budget(int charsBefore, int charsAfter, int tokensBefore, int tokensAfter, int budgetChars, int budgetTokens) {
        public boolean over() {
            return charsAfter > budgetChars || tokensAfter > budgetTokens;
        }

        public int charsDelta() {
            return charsAfter - charsBefore;
        }

        public int tokensDelta() {
            return tokensAfter - tokensBefore;
        }
    }

    /** An added fact that is very like a fact the base already had. */
    /**
     * An added fact close to one already there. {@code kind} is {@code duplicate} (similar at or over the
     * threshold) or {@code possible contradiction} (the same words but one, swapped: "validates input with
     * Joi" beside "... with Zod", which can score under the threshold).
     */
    public record Duplicate(String path, String fact, String existingPath, String existingFact, double score, String kind) {
        public static final String DUPLICATE = "duplicate";
        public static final String CONTRADICTION = "possible contradiction";

        public Duplicate(String path, String fact, String existingPath, String existingFact, double score) {
            this(path, fact, existingPath, existingFact, score, DUPLICATE);
        }
    }

    /** One agent's part: its sessions, commits and the files they touched. */
    public record Contributor(String agent, List<String> sessions, int commits, List<String> files) {
        public Contributor {
            sessions = List.copyOf(sessions);
            files = List.copyOf(files);
        }
    }
}
