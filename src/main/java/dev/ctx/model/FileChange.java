package dev.ctx.model;

/** One file a commit touched; {@code oldPath} is set for renames only. */
public record FileChange(ChangeStatus status, String path, String oldPath) {
    @Override
    public String toString() {
        return switch (status) {
            case ADDED -> "+" + path;
            case DELETED -> "-" + path;
            case MODIFIED -> path;
            case RENAMED -> oldPath + " -> " + path;
        };
    }
}
