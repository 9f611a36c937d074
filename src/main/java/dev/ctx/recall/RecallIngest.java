package dev.ctx.recall;

import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code ctx recall ingest}: reads transcripts, then commits them under {@code recall/} as one operation.
 * Planning merges against whatever the branch holds at commit time, so re-ingesting a session adds only
 * its new turns, and a concurrent ingest of the same session cannot duplicate turns.
 */
public final class RecallIngest {
    private final TranscriptReader reader = new TranscriptReader();

    /** What was read: the transcripts and how many malformed lines were skipped. */
    public record Read(List<Transcript> transcripts, List<Path> files, int skippedLines) {
    }

    public Read read(List<Path> inputs, TranscriptFormat format) throws CtxException {
        return read(inputs, format, dev.ctx.model.Progress.NONE);
    }

    /** Reads every transcript found, reporting each file read to {@code progress}. */
    public Read read(List<Path> inputs, TranscriptFormat format, dev.ctx.model.Progress progress) throws CtxException {
        List<Transcript> all = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int skipped = 0;
        List<Path> found = new ArrayList<>();
        for (Path in : inputs) {
            found.addAll(reader.discover(in, format));
        }
        progress.begin("reading transcripts", found.size());
        try {
            for (Path f : found) {
                ParseResult r;
                try {
                    r = reader.read(f, format);
                } catch (IllegalArgumentException e) {
                    // a transcript whose content breaks a turn's or session's rules: refused, naming the file
                    throw new RecallException(f + " is not a transcript ctx can read: " + e.getMessage());
                }
                // A session with no turn (every line malformed, too deeply nested, or an agent file without
                // messages) would be committed as an empty recall file: it is left out instead.
                r.transcripts().stream().filter(t -> !t.turns().isEmpty()).forEach(all::add);
                if (r.transcripts().stream().allMatch(t -> t.turns().isEmpty())) {
                    unreadable.add(f + (r.skippedLines() > 0 ? " (" + r.skippedLines() + " malformed lines)" : ""));
                }
                skipped += r.skippedLines();
                files.add(f);
                progress.advance(1);
            }
        } finally {
            progress.end();
        }
        if (files.isEmpty()) {
            throw CtxException.notFound("no transcripts found in " + inputs + " (looked for .jsonl and .af files; use --format markdown for .md)");
        }
        if (all.isEmpty()) {
            throw new RecallException(String.join(", ", unreadable) + ": no conversation turn could be read (malformed or too deeply nested JSON, "
                    + "or no messages); nothing was committed. Check the file, or pass --format if it was guessed wrong");
        }
        return new Read(bySession(all), files, skipped);
    }

    /**
     * One transcript per session, whatever order its files were read in: a Codex excerpt read before its
     * session, a session split over several files. Turns are deduplicated by id and ordered by time (turns
     * without a time keep their place after the turn read before them); the session starts at its earliest
     * start; the title is the first one a part gives, else (later) the first user request.
     */
    static List<Transcript> bySession(List<Transcript> read) {
        Map<String, List<Transcript>> parts = new LinkedHashMap<>();
        for (Transcript t : read) {
            parts.computeIfAbsent(t.source() + "\u0000" + t.sessionId(), k -> new ArrayList<>()).add(t);
        }
        List<Transcript> out = new ArrayList<>();
        for (List<Transcript> same : parts.values()) {
            if (same.size() == 1) {
                out.add(same.get(0));
                continue;
            }
            Map<String, Turn> turns = new LinkedHashMap<>();
            java.time.Instant started = null;
            String title = null;
            String cwd = null;
            for (Transcript t : same) {
                t.turns().forEach(turn -> turns.putIfAbsent(turn.id(), turn));
                started = started == null || (t.started() != null && t.started().isBefore(started)) ? (t.started() == null ? started : t.started()) : started;
                title = title != null ? title : t.title();
                cwd = cwd != null ? cwd : t.cwd();
            }
            Transcript first = same.get(0);
            out.add(new Transcript(first.source(), first.sessionId(), title, started, cwd, byTime(new ArrayList<>(turns.values()))));
        }
        return out;
    }

    /** A stable sort by time, a turn without one taking the time of the turn before it. */
    private static List<Turn> byTime(List<Turn> turns) {
        List<java.time.Instant> keys = new ArrayList<>();
        java.time.Instant last = java.time.Instant.MIN;
        for (Turn t : turns) {
            last = t.time() != null ? t.time() : last;
            keys.add(last);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(keys::get));
        return order.stream().map(turns::get).toList();
    }

    /** Per session: where it went and how many turns were new. */
    public record Outcome(String path, String session, String source, int turns, int added) {
    }

    /** The one-commit operation; {@link #outcomes()} holds the figures of the last planning. */
    public static final class Ingest implements Operation {
        private final List<Transcript> transcripts;
        private final UnaryOperator<String> redactor;
        private List<Outcome> outcomes = List.of();

        public Ingest(List<Transcript> transcripts, UnaryOperator<String> redactor) {
            this.transcripts = List.copyOf(transcripts);
            this.redactor = redactor;
        }

        @Override
        public String op() {
            return "ingest";
        }

        @Override
        public List<RepoPath> subjectPaths() {
            return transcripts.size() == 1 ? List.of(RepoPath.of(RecallRenderer.path(transcripts.get(0)))) : List.of();
        }

        @Override
        public Change plan(Snapshot head) throws CtxException {
            Map<RepoPath, Optional<String>> files = new LinkedHashMap<>();
            List<Outcome> out = new ArrayList<>();
            int added = 0;
            for (Transcript t : transcripts) {
                RepoPath p = RepoPath.of(RecallRenderer.path(t));
                Optional<String> before = files.containsKey(p) ? files.get(p) : head.read(p);
                String after = before.isPresent() ? RecallRenderer.merge(before.get(), t, redactor) : RecallRenderer.render(t, redactor);
                Set<String> had = before.isPresent() ? RecallRenderer.turnIds(before.get()) : Set.of();
                int n = (int) t.turns().stream().filter(turn -> !had.contains(turn.id())).count();
                out.add(new Outcome(p.value(), t.sessionId(), t.source(), t.turns().size(), n));
                added += n;
                if (before.isEmpty() || !before.get().equals(after)) {
                    files.put(p, Optional.of(after));
                }
            }
            outcomes = List.copyOf(out);
            long sessions = transcripts.stream().map(t -> t.source() + "\u0000" + t.sessionId()).distinct().count();
            String summary = added + " turns from " + sessions + (sessions == 1 ? " session" : " sessions");
            return new Change(files, summary);
        }

        public List<Outcome> outcomes() {
            return outcomes;
        }
    }
}
