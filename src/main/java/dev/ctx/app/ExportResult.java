package dev.ctx.app;

import java.nio.file.Path;
import java.util.List;

/** What {@code ctx export} wrote: the file, the pinned files it holds, whether the file changed, and (dry run) its new text. */
public record ExportResult(Path file, String to, List<String> exported, boolean changed, boolean created, boolean dryRun, String text) {
    public ExportResult {
        exported = List.copyOf(exported);
    }
}
