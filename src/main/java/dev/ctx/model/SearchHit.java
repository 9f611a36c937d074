package dev.ctx.model;

import java.time.Instant;

/** One result: where it is (path, heading trail, line), a snippet, its score (orders one answer), and its evidence (always). */
public record SearchHit(String id, String path, String heading, int line, Kind kind, Tier tier, Instant date,
                        String description, String snippet, float score, Explanation explain) {
}
