package dev.ctx.app;

import dev.ctx.model.ReviewReport;

/** A review of a range: the report, and the same report as markdown for a pull request. */
public record ReviewResult(ReviewReport report, String markdown) {
}
