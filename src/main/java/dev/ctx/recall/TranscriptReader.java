package dev.ctx.recall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.model.Problem;
import dev.ctx.model.TranscriptFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The front door of transcript parsing: finds transcript files and reads each into {@link Transcript}s.
 * Pure apart from reading the given files; stateless and safe to share.
 */
public final class TranscriptReader {
    private static final int SNIFF_LINES = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final ClaudeParser claude = new ClaudeParser(json);
    private final CodexParser codex = new CodexParser(json);
    private final LettaParser letta = new LettaParser(json);
    private final MarkdownParser markdown = new MarkdownParser();

    /** {@link #discover(Path, TranscriptFormat)} with {@link TranscriptFormat#AUTO}. */
    public List<Path> discover(Path dirOrFile) throws RecallException {
        return discover(dirOrFile, TranscriptFormat.AUTO);
    }

    /**
     * The transcript files at or under a path, sorted. A file is returned as it is. In a directory, {@code .jsonl}
     * and {@code .af} files are found at any depth (so {@code ~/.claude/projects} yields sessions and their
     * {@code subagents/}); markdown files only when the format is {@link TranscriptFormat#MARKDOWN}, since a directory of
     * notes is not a directory of conversations. Hidden directories are skipped.
     */
    public List<Path> discover(Path dirOrFile, TranscriptFormat format) throws RecallException {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(dirOrFile);
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new RecallException(Problem.NOT_FOUND, dirOrFile + ": no such file or directory", null);
        }
        try (Stream<Path> walk = Files.walk(dirOrFile)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dirOrFile.relativize(p)))
                    .filter(p -> wanted(p, format))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RecallException(Problem.IO, dirOrFile + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** The transcripts in one file. */
    public List<Transcript> parse(Path file, TranscriptFormat format) throws RecallException {
        return read(file, format).transcripts();
    }

    /** The transcripts in one file, with the format used and the number of malformed lines skipped. */
    public ParseResult read(Path file, TranscriptFormat format) throws RecallException {
        String content;
        try {
            content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecallException(Problem.IO, file + ": cannot read: " + e.getMessage(), e);
        }
        return read(file, content, format);
    }

    /** Parses content as if read from {@code file} (whose name still matters: ids, excerpts, sniffing). */
    public ParseResult read(Path file, String content, TranscriptFormat format) throws RecallException {
        TranscriptFormat f = format == TranscriptFormat.AUTO ? sniff(file, content) : format;
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        return switch (f) {
            case CLAUDE -> claude.parse(file, lines(content));
            case CODEX -> codex.parse(file, lines(content));
            case LETTA -> letta.parse(file, content);
            case MARKDOWN -> markdown.parse(file, content);
            case AUTO -> throw new IllegalStateException("sniff never answers AUTO");
        };
    }

    /** The format of a file, from its extension and, for JSONL, its first records. */
    public TranscriptFormat sniff(Path file, String content) throws RecallException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".af")) {
            return TranscriptFormat.LETTA;
        }
        if (name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".txt")) {
            return TranscriptFormat.MARKDOWN;
        }
        List<String> lines = lines(content);
        int seen = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (++seen > SNIFF_LINES) {
                break;
            }
            JsonNode r;
            try {
                r = json.readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (r == null || !r.isObject()) {
                continue;
            }
            if (CodexParser.looksLike(r)) {
                return TranscriptFormat.CODEX;
            }
            if (r.has("sessionId") || r.has("leafUuid") || r.has("parentUuid") || r.has("messageId")) {
                return TranscriptFormat.CLAUDE;
            }
            if (r.has("agents") || r.has("messages")) {
                return TranscriptFormat.LETTA;
            }
        }
        String trimmed = content.stripLeading();
        if (!name.endsWith(".jsonl") && (trimmed.startsWith("{") || trimmed.startsWith("\""))) {
            return TranscriptFormat.LETTA; // a pretty-printed or double-encoded agent file without the .af name
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            throw new RecallException(file + ": cannot tell the transcript format; pass --format claude|codex|letta");
        }
        return TranscriptFormat.MARKDOWN;
    }

    private static List<String> lines(String content) {
        List<String> out = new ArrayList<>();
        content.lines().forEach(out::add);
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean wanted(Path p, TranscriptFormat format) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean md = name.endsWith(".md") || name.endsWith(".markdown");
        return switch (format) {
            case MARKDOWN -> md;
            case LETTA -> name.endsWith(".af");
            case CLAUDE, CODEX -> name.endsWith(".jsonl");
            case AUTO -> name.endsWith(".jsonl") || name.endsWith(".af");
        };
    }
}
