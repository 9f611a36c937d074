package dev.ctx.model;

/**
 * One validation finding, printed as {@code path:line: rule: message}. {@code path} is repository-relative
 * ("" for repository-wide findings such as the system budget); {@code line} is 1-based, 0 when not tied to a line.
 */
public record Finding(String path, int line, String rule, Severity severity, String message) {

    public Finding {
        if (rule == null || message == null || severity == null) {
            throw new IllegalArgumentException("rule, severity and message are required");
        }
        path = path == null ? "" : path;
    }

    public static Finding error(String path, int line, String rule, String message) {
        return new Finding(path, line, rule, Severity.ERROR, message);
    }

    public static Finding warning(String path, int line, String rule, String message) {
        return new Finding(path, line, rule, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same finding as an error (what --strict does to warnings). */
    public Finding strict() {
        return new Finding(path, line, rule, Severity.ERROR, message);
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "ctx.yaml" : path) + ":" + line + ": " + rule + ": " + message
                + (severity == Severity.WARNING ? " (warning)" : "");
    }
}
