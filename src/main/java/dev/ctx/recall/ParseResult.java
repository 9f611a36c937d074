package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import java.util.List;

/**
 * What one file yielded.
 *
 * @param format       the format the file was read as (never {@link TranscriptFormat#AUTO})
 * @param transcripts  usually one; a Letta file yields one per agent
 * @param skippedLines lines that were not valid JSON objects and were left out
 */
public record ParseResult(TranscriptFormat format, List<Transcript> transcripts, int skippedLines) {
    public ParseResult {
        transcripts = List.copyOf(transcripts);
    }
}
