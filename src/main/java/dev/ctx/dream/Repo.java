package dev.ctx.dream;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.SecretScanner;
import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.PathChange;
import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Text;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading memory at a commit and writing a dream's commits: the git side of a dream, kept out of the passes. */
final class Repo {
    /** How far back history is read for the use of pinned blocks: enough to rank them, bounded on long histories. */
    private static final int USE_HISTORY = 2000;
    private static final long MAX_READ = 4L * 1024 * 1024;
    private static final SecretScanner SECRETS = new SecretScanner();

    private Repo() {
    }

    static Memory memory(GitRepo git, String commit, CtxConfig config, Map<RepoPath, Memory.Use> use) throws CtxException {
        Map<RepoPath, String> files = new TreeMap<>();
        for (Map.Entry<String, String> e : git.blobIds(commit).entrySet()) {
            RepoPath p = RepoPath.of(e.getKey());
            if (Memory.counts(p)) {
                files.put(p, lenient(git.readBlob(e.getValue(), e.getKey(), MAX_READ)));
            }
        }
        return new Memory(commit, files, config, use);
    }

    /** Every path that differs between two commits, with its text at {@code to} (null: deleted there). */
    static Map<RepoPath, String> changed(GitRepo git, String from, String to) throws CtxException {
        Map<RepoPath, String> out = new LinkedHashMap<>();
        for (PathChange c : git.diff(from, to)) {
            if (c.type() == PathChange.Type.DELETE) {
                out.put(RepoPath.of(c.oldPath()), null);
            } else {
                byte[] b = git.read(to, c.path(), MAX_READ);
                out.put(RepoPath.of(c.path()), b == null ? null : lenient(b));
            }
        }
        return out;
    }

    /** The files of {@code memory} with {@code changes} laid over them (null deletes). */
    static Map<RepoPath, String> overlay(Map<RepoPath, String> files, Map<RepoPath, String> changes) {
        Map<RepoPath, String> out = new TreeMap<>(files);
        changes.forEach((p, t) -> {
            if (t == null) {
                out.remove(p);
            } else {
                out.put(p, t);
            }
        });
        return out;
    }

    /** How often each pinned file changed in recent history, and when it last did. */
    static Map<RepoPath, Memory.Use> use(GitRepo git, String tip) throws CtxException {
        Map<RepoPath, int[]> counts = new HashMap<>();
        Map<RepoPath, Long> last = new HashMap<>();
        List<CommitInfo> commits = new GitHistory(git).walk(tip, null);
        for (CommitInfo c : commits.subList(0, Math.min(USE_HISTORY, commits.size()))) {
            for (PathChange ch : git.diff(c.parents().isEmpty() ? null : c.parents().get(0), c.id())) {
                String p = ch.type() == PathChange.Type.DELETE ? ch.oldPath() : ch.path();
                if (p != null && p.startsWith("system/")) {
                    RepoPath rp = RepoPath.of(p);
                    counts.computeIfAbsent(rp, k -> new int[1])[0]++;
                    last.merge(rp, c.commitTime().getEpochSecond(), Math::max);
                }
            }
        }
        Map<RepoPath, Memory.Use> out = new HashMap<>();
        counts.forEach((p, n) -> out.put(p, new Memory.Use(n[0], last.getOrDefault(p, 0L))));
        return out;
    }

    /** Commits {@code edits} (path -> text, null deletes) on top of {@code parent} with a dream's message; returns the id. */
    static String commit(GitRepo git, String parent, Map<RepoPath, String> edits, Identity author, Identity committer, String message) throws CtxException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        edits.forEach((p, t) -> bytes.put(p.value(), t == null ? null : Text.encode(t)));
        return git.commit(parent, bytes, author, committer, SECRETS.redact(message));
    }

    /** Text as the passes see it; a file that is not UTF-8 shows replacement characters and fails its check if changed. */
    private static String lenient(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String message(String subject, String body, String id, String pass, String op, Provenance who) {
        StringBuilder sb = new StringBuilder(subject.length() > 72 ? subject.substring(0, 71) + "…" : subject).append("\n\n");
        if (!body.isBlank()) {
            sb.append(body.strip()).append("\n\n");
        }
        sb.append("Ctx-Op: ").append(op).append('\n');
        if (who.agent() != null) {
            sb.append("Ctx-Agent: ").append(who.agent()).append('\n');
        }
        if (who.session() != null) {
            sb.append("Ctx-Session: ").append(who.session()).append('\n');
        }
        sb.append("Ctx-Dream: ").append(id).append('\n');
        if (pass != null) {
            sb.append("Ctx-Pass: ").append(pass).append('\n');
        }
        return sb.toString();
    }
}
