package dev.ctx.index;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.format.MarkdownChunks;
import dev.ctx.model.Kind;
import dev.ctx.model.RepoPath;
import dev.ctx.model.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one file of the repository into chunks: the body's heading sections (front-matter off, its
 * description kept on every chunk), each with kind, tier and date. Recall turns whose heading carries a
 * timestamp ({@code ## 2026-03-02T14:05:00Z user}) are dated by it; everything else by {@code fileDate}.
 */
public final class FileChunker {
    private static final Pattern STAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?) ?(Z|[+-]\\d{2}:?\\d{2})?)?");

    private final int maxChars;

    public FileChunker(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Whether ctx indexes this path: markdown memory, skills, archive and recall. */
    public static boolean indexable(RepoPath path) {
        return path.isMarkdown() && path.kind() != Kind.OTHER;
    }

    public List<Chunk> chunks(RepoPath path, String text, Instant fileDate) {
        String body = text;
        String description = "";
        try {
            Document d = Document.parse(text);
            body = d.body();
            description = d.description() == null ? "" : d.description();
        } catch (FormatException e) {
            // a file with broken front-matter is still worth finding: index it as it is
        }
        Kind kind = path.kind();
        Tier tier = Tier.of(path);
        List<Chunk> out = new ArrayList<>();
        List<MarkdownChunks.Section> sections = MarkdownChunks.split(body, maxChars);
        for (int i = 0; i < sections.size(); i++) {
            MarkdownChunks.Section s = sections.get(i);
            Instant date = fileDate;
            if (kind == Kind.RECALL && !s.headings().isEmpty()) {
                Instant stamp = stamp(s.headings().get(s.headings().size() - 1));
                date = stamp != null ? stamp : date;
            }
            out.add(new Chunk(path.value() + "#" + i, path.value(), kind, tier, description, s.headings(), s.text(), date, s.line()));
        }
        return out;
    }

    /** The first ISO-8601 date or date-time in a heading (UTC when no offset is given), or null. */
    static Instant stamp(String heading) {
        Matcher m = STAMP.matcher(heading);
        if (!m.find()) {
            return null;
        }
        try {
            if (m.group(2) == null) {
                return LocalDate.parse(m.group(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            String time = m.group(2).length() == 5 ? m.group(2) + ":00" : m.group(2);
            LocalDateTime ldt = LocalDateTime.parse(m.group(1) + "T" + time);
            if (m.group(3) == null || m.group(3).equals("Z")) {
                return ldt.toInstant(ZoneOffset.UTC);
            }
            String off = m.group(3).contains(":") ? m.group(3) : m.group(3).substring(0, 3) + ":" + m.group(3).substring(3);
            return OffsetDateTime.of(ldt, ZoneOffset.of(off)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
