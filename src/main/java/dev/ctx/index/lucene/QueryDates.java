package dev.ctx.index.lucene;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates a question names, as spans of time a chunk's date can fall in: a day ("October 13, 2023",
 * "1 February, 2023"), a month of a year ("July 2023"), a year ("in 2023"), or a month of any year ("in
 * June"). A day's span runs a week past it, and a month's a week into the next: what is asked about by the
 * day it happened is often told a few days later ("yesterday I ...", "last week ..."). "May" alone is a
 * month only after "in", "during", "of", "last" or "this" and before the end of the question, since it is
 * far more often the verb.
 */
final class QueryDates {
    /** A half-open span of time, [from, to). */
    record Span(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    /** How long after a named day (or month) a chunk still counts as dated by it. */
    static final int DAYS_AFTER = 7;
    private static final String MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
    private static final String YEAR = "((?:19|20)\\d\\d)";
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
            "(?iu)\\b(" + MONTHS + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+" + YEAR + "\\b");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
            "(?iu)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(" + MONTHS + ")\\.?,?\\s+" + YEAR + "\\b");
    private static final Pattern MONTH_YEAR = Pattern.compile("(?iu)\\b(" + MONTHS + ")\\.?,?\\s+" + YEAR + "\\b");
    private static final Pattern YEAR_ALONE = Pattern.compile("(?iu)\\b" + YEAR + "\\b");
    private static final Pattern MONTH_ALONE = Pattern.compile("(?iu)\\b(?:in|during|of|last|this)\\s+("
            + MONTHS.replace("|may|", "|may(?=\\s*[?.!]*\\s*$)|") + ")\\b");
    /** Years a month of any year is looked for in: every plausible date of a chunk. */
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 2100;

    private QueryDates() {
    }

    /** The spans the query names; empty when it names no date. Each piece of text counts once, the most precise reading first. */
    static List<Span> of(String query) {
        List<Span> out = new ArrayList<>();
        String rest = query;
        Matcher m = MONTH_DAY_YEAR.matcher(rest);
        while (m.find()) {
            out.add(day(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2))));
        }
        rest = m.replaceAll(" ");
        m = DAY_MONTH_YEAR.matcher(rest);
        while (m.find()) {
            out.add(day(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1))));
        }
        rest = m.replaceAll(" ");
        m = MONTH_YEAR.matcher(rest);
        while (m.find()) {
            out.add(month(LocalDate.of(Integer.parseInt(m.group(2)), month(m.group(1)), 1)));
        }
        rest = m.replaceAll(" ");
        m = YEAR_ALONE.matcher(rest);
        while (m.find()) {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
            out.add(new Span(start(d), start(d.plusYears(1))));
        }
        rest = m.replaceAll(" ");
        m = MONTH_ALONE.matcher(rest);
        while (m.find()) {
            Month mo = month(m.group(1));
            for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
                out.add(month(LocalDate.of(y, mo, 1)));
            }
        }
        return out;
    }

    private static Span day(int year, Month month, int day) {
        LocalDate d = LocalDate.of(year, month, Math.max(1, Math.min(day, month.length(java.time.Year.isLeap(year)))));
        return new Span(start(d), start(d.plusDays(1 + DAYS_AFTER)));
    }

    private static Span month(LocalDate first) {
        return new Span(start(first), start(first.plusMonths(1).plusDays(DAYS_AFTER)));
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Month month(String name) {
        String p = name.toLowerCase(Locale.ROOT).substring(0, 3);
        for (Month m : Month.values()) {
            if (m.name().toLowerCase(Locale.ROOT).startsWith(p)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a month: " + name);
    }
}
