package dev.ctx.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times given on the command line: an ISO date ({@code 2025-03-01}, the start of that day), a date and
 * time ({@code 2025-03-01T14:30}, with or without seconds and offset), or an age ({@code 90m}, {@code 2h},
 * {@code 3d}, {@code 1w} ago). Times without an offset are in the clock's zone.
 */
public final class TimeSpec {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(s|m|min|h|d|w)(?:\\s+ago)?");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*|\\d+\\s*(s|m|min|h|d|w)(\\s+ago)?");

    private TimeSpec() {
    }

    /** Whether {@code text} is meant as a time rather than a revision. */
    public static boolean looksLikeTime(String text) {
        return DATE_LIKE.matcher(text.strip()).matches();
    }

    public static Instant parse(String text, Clock clock, String option) throws CtxException {
        String s = text.strip();
        Matcher m = AGE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(clock.getZone()).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CtxException(Problem.USAGE, option + " '" + text + "' is not a time; use a date (2025-03-01), a date and time "
                    + "(2025-03-01T14:30) or an age (90m, 2h, 3d, 1w)");
        }
    }
}
