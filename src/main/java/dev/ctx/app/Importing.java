package dev.ctx.app;

import dev.ctx.format.SecretScanner;
import dev.ctx.imports.ImportOp;
import dev.ctx.imports.ImportPlan;
import dev.ctx.imports.Importer;
import dev.ctx.model.CtxException;
import dev.ctx.model.ImportFormat;
import dev.ctx.model.ImportPin;
import dev.ctx.model.Provenance;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
import dev.ctx.recall.RecallIngest;
import dev.ctx.store.ContextStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@link Ctx#importFrom}: plans the source, then applies it through the store's write path as one commit (so
 * secrets, limits, read_only, the journal and the locks apply as to every write). A memory repository's objects
 * are fetched first under a ref of ctx's own, deleted once the import is done, whatever its outcome.
 */
final class Importing {
    private static final String INCOMING = "refs/ctx/import/incoming";

    private Importing() {
    }

    static ImportResult run(ContextStore store, Path source, ImportFormat format, String into, ImportPin pin, boolean dryRun, Provenance who)
            throws CtxException {
        ImportPlan plan = Importer.plan(source, format, into, pin, store.config());
        RecallIngest.Ingest recall = null;
        if (!plan.transcripts().isEmpty()) {
            // The messages go through recall ingestion itself: the same turns, ids and redaction as 'ctx recall ingest'.
            RecallIngest.Read read = new RecallIngest().read(plan.transcripts(), TranscriptFormat.LETTA);
            recall = new RecallIngest.Ingest(read.transcripts(), new SecretScanner()::redact);
        }
        ImportOp op = new ImportOp(plan, recall, (a, b) -> ancestor(store, a, b));
        if (dryRun) {
            return result(plan, op.preview(store.head()), true, null);
        }
        if (plan.adopt() == null) {
            WriteResult w = store.apply(op, who);
            return result(plan, op.last(), false, w);
        }
        try {
            String fetched = store.git().fetchHead(plan.adopt().repository().toString(), INCOMING);
            if (!fetched.equals(plan.adopt().head())) {
                throw CtxException.conflict(plan.adopt().repository() + " moved while it was imported; import it again (nothing was imported)");
            }
            WriteResult w = store.apply(op, who);
            return result(plan, op.last(), false, w);
        } finally {
            store.git().deleteRef(INCOMING);
        }
    }

    /** Whether {@code a} is in {@code b}'s history; a commit this repository does not have yet is not. */
    private static boolean ancestor(ContextStore store, String a, String b) {
        try {
            return store.git().isAncestor(a, b);
        } catch (CtxException | RuntimeException e) {
            return false;
        }
    }

    private static ImportResult result(ImportPlan plan, ImportOp.Preview p, boolean dryRun, WriteResult w) {
        List<ImportResult.File> files = p.files().stream()
                .map(f -> new ImportResult.File(f.path(), f.action().name().toLowerCase(Locale.ROOT), f.pinned(), f.from())).toList();
        List<RecallResult.Session> sessions = p.recall().stream()
                .map(o -> new RecallResult.Session(o.path(), o.session(), o.source(), o.turns(), o.added())).toList();
        return new ImportResult(plan.source(), plan.format().label(), dryRun, files, sessions, p.adopts(),
                plan.adopt() == null ? null : plan.adopt().head(), plan.notes(), w);
    }
}
