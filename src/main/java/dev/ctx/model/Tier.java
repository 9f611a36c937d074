package dev.ctx.model;


/** Where a file sits in the agent's context (DESIGN section 2): always loaded, on request, or found only by search. */
public enum Tier {
    SYSTEM, ON_DEMAND, SEARCH_ONLY;

    public static Tier of(RepoPath path) {
        if (path.isSystem()) {
            return SYSTEM;
        }
        Kind k = path.kind();
        return k == Kind.ARCHIVE || k == Kind.RECALL ? SEARCH_ONLY : ON_DEMAND;
    }
}
