package dev.ctx.imports;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.recall.RecallIngest;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * One import as one write: the plan's files, the recall turns of its transcripts (recall ingestion's own
 * operation, planned on the same snapshot) and, for a memory repository, its HEAD as a second parent. Planned
 * against the tip: a file that is already there with the same text is left alone (so importing the same source
 * again changes nothing), one with other text is a conflict that refuses the whole import.
 */
public final class ImportOp implements Operation {
    public static final String SOURCE = "Ctx-Import-Source";
    public static final String FORMAT = "Ctx-Import-Format";
    public static final String ADOPTS = "Ctx-Import-Commit";

    /** What would happen to one planned file. */
    public enum Action { CREATE, SAME, CONFLICT }

    public record FileAction(String path, Action action, boolean pinned, String from) {
    }

    /** The plan against one snapshot: per file its action, the recall sessions, whether history is adopted, and the change. */
    public record Preview(List<FileAction> files, List<RecallIngest.Outcome> recall, boolean adopts, Change change) {
        public List<FileAction> conflicts() {
            return files.stream().filter(f -> f.action() == Action.CONFLICT).toList();
        }
    }

    private final ImportPlan plan;
    private final RecallIngest.Ingest recall;
    private final BiPredicate<String, String> isAncestor;
    private Preview last;

    /** {@code recall}: the ingestion of the plan's transcripts, or null; {@code isAncestor(a, b)}: whether commit a is in b's history. */
    public ImportOp(ImportPlan plan, RecallIngest.Ingest recall, BiPredicate<String, String> isAncestor) {
        this.plan = plan;
        this.recall = recall;
        this.isAncestor = isAncestor;
    }

    @Override
    public String op() {
        return "import";
    }

    @Override
    public List<RepoPath> subjectPaths() {
        return List.of();
    }

    @Override
    public Map<String, String> trailers() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(SOURCE, plan.source());
        t.put(FORMAT, plan.format().label());
        if (plan.adopt() != null) {
            t.put(ADOPTS, plan.adopt().head());
        }
        return t;
    }

    @Override
    public List<String> extraParents() {
        return last != null && last.adopts() ? List.of(plan.adopt().head()) : List.of();
    }

    @Override
    public Change plan(Snapshot head) throws CtxException {
        Preview p = preview(head);
        List<FileAction> conflicts = p.conflicts();
        if (!conflicts.isEmpty()) {
            List<String> names = conflicts.stream().limit(3).map(FileAction::path).toList();
            throw CtxException.conflict(conflicts.size() + (conflicts.size() == 1 ? " file exists" : " files exist") + " with other text than this import's ("
                    + String.join(", ", names) + (conflicts.size() > 3 ? ", +" + (conflicts.size() - 3) + " more" : "")
                    + "); ctx never overwrites memory on import: import under another prefix with --into, or move those files first "
                    + "('ctx import --dry-run' lists them; nothing was imported)");
        }
        return p.change();
    }

    /** The import against {@code head}, conflicts included instead of refused: what --dry-run shows. */
    public Preview preview(Snapshot head) throws CtxException {
        Map<RepoPath, Optional<String>> edits = new LinkedHashMap<>();
        List<FileAction> actions = new ArrayList<>();
        int created = 0;
        for (ImportPlan.PlannedFile f : plan.files()) {
            Optional<String> before = head.read(f.path());
            Action a = before.isEmpty() ? Action.CREATE : before.get().equals(f.text()) ? Action.SAME : Action.CONFLICT;
            actions.add(new FileAction(f.path().value(), a, f.pinned(), f.from()));
            if (a == Action.CREATE) {
                edits.put(f.path(), Optional.of(f.text()));
                created++;
            }
        }
        List<RecallIngest.Outcome> sessions = List.of();
        int turns = 0;
        if (recall != null) {
            Change r = recall.plan(head);
            edits.putAll(r.files());
            sessions = recall.outcomes();
            turns = sessions.stream().mapToInt(RecallIngest.Outcome::added).sum();
        }
        boolean adopts = plan.adopt() != null && (head.commit() == null || !isAncestor.test(plan.adopt().head(), head.commit()));
        String summary = created + (created == 1 ? " file" : " files") + (recall != null ? ", " + turns + " recall turns" : "")
                + (adopts ? " and its history" : "") + " from " + java.nio.file.Path.of(plan.source()).getFileName();
        last = new Preview(actions, sessions, adopts, new Change(edits, summary));
        return last;
    }

    /** The preview of the last planning (the one committed, after a successful apply). */
    public Preview last() {
        return last;
    }
}
