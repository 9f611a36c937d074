package dev.ctx.model;

/** How serious a validation finding is: errors block writes and commits, warnings only inform (errors with --strict). */
public enum Severity {
    ERROR, WARNING
}
