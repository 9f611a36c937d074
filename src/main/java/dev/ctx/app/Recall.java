package dev.ctx.app;

import dev.ctx.format.SecretScanner;
import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
import dev.ctx.recall.RecallIngest;
import dev.ctx.store.ContextStore;
import java.nio.file.Path;
import java.util.List;

/** {@link Ctx#recallIngest}: read the transcripts, then commit them, secret-redacted, as one operation. */
final class Recall {
    private Recall() {
    }

    static RecallResult ingest(ContextStore store, List<Path> inputs, TranscriptFormat format, Provenance who,
                               dev.ctx.model.Progress progress) throws CtxException {
        RecallIngest.Read read = new RecallIngest().read(inputs, format, progress);
        RecallIngest.Ingest op = new RecallIngest.Ingest(read.transcripts(), new SecretScanner()::redact);
        WriteResult w = store.apply(op, who);
        List<RecallResult.Session> sessions = op.outcomes().stream()
                .map(o -> new RecallResult.Session(o.path(), o.session(), o.source(), o.turns(), o.added())).toList();
        return new RecallResult(w, read.files().size(), read.skippedLines(), sessions);
    }
}
