package dev.ctx.model;

/** How a file changed between two versions of the repository. */
public enum ChangeStatus {
    ADDED, MODIFIED, DELETED, RENAMED
}
