package dev.ctx.git;

/** One path that differs between two commits. {@code oldPath} differs from {@code path} only for renames. */
public record PathChange(Type type, String oldPath, String path, String oldBlob, String newBlob) {
    public enum Type { ADD, MODIFY, DELETE, RENAME }
}
