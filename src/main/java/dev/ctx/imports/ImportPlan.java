package dev.ctx.imports;

import dev.ctx.model.ImportFormat;
import dev.ctx.model.RepoPath;
import java.nio.file.Path;
import java.util.List;

/**
 * What one import would write, decided from the source alone (the repository is consulted later, by
 * {@link ImportOp}): memory files with their front-matter, transcripts whose messages become recall turns,
 * and, for a memory repository, the history to adopt.
 *
 * @param source      the source as it is named in the commit's trailers
 * @param files       every file the import writes, in a stable order
 * @param transcripts files whose messages recall ingestion reads (a Letta agent file's conversation)
 * @param adopt       the memory repository whose history joins ctx's branch, or null
 * @param notes       what was left out and why, for the report
 */
public record ImportPlan(String source, ImportFormat format, List<PlannedFile> files, List<Path> transcripts, Adoption adopt,
                         List<String> notes) {
    public ImportPlan {
        files = List.copyOf(files);
        transcripts = List.copyOf(transcripts);
        notes = List.copyOf(notes);
    }

    /** One file to write: its full text, where it came from (for the report) and whether it is pinned under system/. */
    public record PlannedFile(RepoPath path, String text, String from, boolean pinned) {
    }

    /** A memory repository whose commits become reachable from ctx's branch: where it is and its HEAD commit. */
    public record Adoption(Path repository, String head) {
    }
}
