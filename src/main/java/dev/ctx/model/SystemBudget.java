package dev.ctx.model;

/**
 * The always-loaded context measured against its budget: how many {@code system/} files, their body
 * characters and estimated tokens, and the limits of ctx.yaml. Computed in one place
 * ({@code format.SystemBudgets}) for status, validation, writes and review.
 */
public record SystemBudget(int files, int chars, int tokens, int budgetChars, int budgetTokens) {
    public boolean over() {
        return chars > budgetChars || tokens > budgetTokens;
    }

    /** The share of the character budget used, in whole percent. */
    public long percent() {
        return 100L * chars / Math.max(1, budgetChars);
    }
}
