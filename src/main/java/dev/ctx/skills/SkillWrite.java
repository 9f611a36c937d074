package dev.ctx.skills;

import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Change;
import dev.ctx.store.Operation;
import dev.ctx.store.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One commit of skill folders: each named folder under {@code skills/} becomes exactly the given files (others
 * in it are deleted), written through the store's bytes channel so binary assets and executable bits are kept.
 * {@code premise} is checked on the tip first, so a write planned on a skill as it was (an update's "ours") is
 * refused as a conflict once someone changed that skill meanwhile.
 */
final class SkillWrite implements Operation {
    /** What the write assumes of the tip; throws CONFLICT when it no longer holds. */
    interface Premise {
        void check(Snapshot head) throws CtxException;
    }

    private final String op;
    private final Map<String, Map<String, FileContent>> folders;
    private final String summary;
    private final Premise premise;
    private final Map<String, String> trailers;

    SkillWrite(String op, Map<String, Map<String, FileContent>> folders, String summary, Premise premise, Map<String, String> trailers) {
        this.op = op;
        this.folders = folders;
        this.summary = summary;
        this.premise = premise;
        this.trailers = trailers;
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public List<RepoPath> subjectPaths() {
        return folders.size() == 1 ? List.of(RepoPath.of("skills/" + folders.keySet().iterator().next())) : List.of();
    }

    @Override
    public Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public Change plan(Snapshot head) throws CtxException {
        premise.check(head);
        Map<RepoPath, Optional<String>> deleted = new LinkedHashMap<>();
        Map<RepoPath, FileContent> written = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, FileContent>> f : folders.entrySet()) {
            String prefix = "skills/" + f.getKey() + "/";
            for (RepoPath existing : head.list(prefix)) {
                if (!f.getValue().containsKey(existing.value().substring(prefix.length()))) {
                    deleted.put(existing, Optional.empty());
                }
            }
            for (Map.Entry<String, FileContent> file : f.getValue().entrySet()) {
                RepoPath p = RepoPath.of(prefix + file.getKey());
                if (!head.content(p).map(file.getValue()::equals).orElse(false)) {
                    written.put(p, file.getValue());
                }
            }
        }
        return new Change(deleted, written, summary);
    }

    /** The files of {@code skills/<name>/} at the tip, relative path to bytes and mode. */
    static Map<String, FileContent> folder(Snapshot head, String name) throws CtxException {
        String prefix = "skills/" + name + "/";
        Map<String, FileContent> out = new LinkedHashMap<>();
        for (RepoPath p : head.list(prefix)) {
            head.content(p).ifPresent(c -> out.put(p.value().substring(prefix.length()), c));
        }
        return out;
    }

    /** SKILL.md's text in a folder (null when absent). */
    static String skillMd(Map<String, FileContent> files) {
        FileContent c = files.get("SKILL.md");
        return c == null ? null : c.textOrNull();
    }
}
