package dev.ctx.git;

/** The outcome of moving a branch with compare-and-swap: a lost race is a value, never a lost commit. */
public enum CasResult {
    /** The branch now points at the new commit. */
    UPDATED,
    /** The branch no longer pointed at the expected commit (or its lock was held): plan again on the new tip. */
    MOVED
}
