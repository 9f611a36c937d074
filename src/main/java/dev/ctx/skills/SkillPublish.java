package dev.ctx.skills;

import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitHistory;
import dev.ctx.git.Identity;
import dev.ctx.git.SkillRepository;
import dev.ctx.git.SkillRepository.Entry;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SkillReport.Published;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ctx skills publish}: the skill as it is at this repository's tip (its own metadata keys taken out)
 * committed onto the skills repository and pushed to a branch of its own, for a pull request there. The branch
 * grows by fast-forward only: a publish never rewrites what reviewers saw.
 */
public final class SkillPublish {
    private final ContextStore store;
    private final SkillSharing sharing;

    public SkillPublish(ContextStore store, SkillSharing sharing) {
        this.store = store;
        this.sharing = sharing;
    }

    public Published publish(String name, String to, String branch, String path, Clock clock, String author) throws CtxException {
        Snapshot head = store.head();
        if (!head.exists(RepoPath.of("skills/" + name + "/SKILL.md"))) {
            throw CtxException.notFound("no skill '" + name + "' here; 'ctx skills list' shows them");
        }
        Map<String, FileContent> local = new TreeMap<>(SkillWrite.folder(head, name));
        String skillMd = SkillWrite.skillMd(local);
        SkillOrigin origin = skillMd == null ? null : SkillOrigin.read(skillMd);
        if (skillMd != null) {
            local.put("SKILL.md", FileContent.text(SkillOrigin.strip(skillMd)).withExecutable(local.get("SKILL.md").executable()));
        }
        List<Entry> entries = new ArrayList<>();
        local.forEach((p, c) -> entries.add(new Entry(p, c.executable() ? SkillRepository.Mode.EXECUTABLE : SkillRepository.Mode.FILE, c.bytes())));
        SkillCheck.refuseOrFiles("publish", name, entries, store.config());
        String url = SkillRepository.remoteUrl(store.git(), to);
        if (url == null) {
            if (!to.contains("/") && !to.contains(":")) {
                throw CtxException.notFound("no remote '" + to + "' in this repository's git config; add it ('git remote add "
                        + to + " URL') or give the skills repository's URL");
            }
            url = to;
        }
        String originUrl = origin == null ? null : SkillRepository.remoteUrl(store.git(), origin.source());
        boolean sameSource = origin != null && (origin.source().equals(to) || origin.source().equals(url) || url.equals(originUrl));
        try (Sources sources = sharing.sources()) {
            SkillRepository repo = sources.repository(url);
            String b = branch != null ? branch : "skill/" + name;
            String tip = repo.branchTip(b);
            String base = tip != null ? tip : repo.resolve(sameSource ? origin.ref() : null);
            String folder = path != null ? clean(path) : sameSource && origin.path() != null ? origin.path() : defaultFolder(repo, base, name);
            Map<String, FileContent> before = new TreeMap<>(SkillCheck.files(repo.entries(base, folder, Long.MAX_VALUE)));
            Delta d = Delta.of(before, local);
            String message = message(name, before.isEmpty(), d, base, head.commit()) + why(localHistory(head.commit(), name));
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            Map<String, Boolean> executable = new LinkedHashMap<>();
            local.forEach((p, c) -> {
                bytes.put(p, c.bytes());
                executable.put(p, c.executable());
            });
            Identity who = new Identity(author == null ? config("name", "ctx") : author, config("email", "ctx@localhost"), clock.instant());
            String commit = repo.commitFolder(base, folder, bytes, executable, who, message);
            if (commit != null) {
                repo.push(commit, b); // null: the branch (or the source's HEAD) already holds the skill as it is here
            }
            return new Published(name, url, b, folder, base, commit, d.added(), d.modified(), d.removed(), message);
        }
    }

    private static final int HISTORY_COMMITS = 200;
    private static final int HISTORY_LINES = 10;

    /**
     * The commits here that changed the skill since it came from upstream, newest first, with their reasons: what a
     * reviewer of the pull request wants to know. Updates are skipped (upstream's own content); an install ends the
     * list, a creation or import here is its first line. Bounded, so an old repository costs a bounded walk.
     */
    private List<String> localHistory(String tip, String name) throws CtxException {
        GitHistory history = new GitHistory(store.git());
        String prefix = "skills/" + name + "/";
        List<String> out = new ArrayList<>();
        int seen = 0;
        for (CommitInfo c : history.walk(tip, null)) {
            if (++seen > HISTORY_COMMITS || out.size() >= HISTORY_LINES) {
                break;
            }
            boolean touches = history.changes(c.id()).stream().anyMatch(p -> under(p.path(), prefix) || under(p.oldPath(), prefix));
            String op = touches ? c.trailer("Ctx-Op") : null;
            if (!touches || "skill-update".equals(op)) {
                continue;
            }
            if ("skill-install".equals(op)) {
                break;
            }
            String reason = c.trailer("Ctx-Reason");
            out.add(c.subject() + (reason == null ? "" : " (" + reason + ")"));
            if ("skill-new".equals(op) || "skill-import".equals(op)) {
                break;
            }
        }
        return out;
    }

    private static boolean under(String path, String prefix) {
        return path != null && path.startsWith(prefix);
    }

    private static String why(List<String> history) {
        if (history.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nChanges made in the context repository, newest first:\n");
        history.forEach(h -> sb.append("- ").append(h).append('\n'));
        return sb.toString();
    }

    private String config(String key, String fallback) {
        String v = store.git().userConfig("user", key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** {@code skills/NAME} when the skills repository keeps its skills under skills/, else NAME at its root. */
    private static String defaultFolder(SkillRepository repo, String base, String name) throws CtxException {
        return repo.entries(base, "skills", 1).isEmpty() ? name : "skills/" + name;
    }

    /** The files a publish adds, modifies and removes in the skills repository's folder. */
    record Delta(List<String> added, List<String> modified, List<String> removed) {
        static Delta of(Map<String, FileContent> before, Map<String, FileContent> after) {
            List<String> added = new ArrayList<>();
            List<String> modified = new ArrayList<>();
            after.forEach((p, t) -> {
                if (!before.containsKey(p)) {
                    added.add(p);
                } else if (!before.get(p).equals(t)) {
                    modified.add(p);
                }
            });
            return new Delta(added, modified, before.keySet().stream().filter(p -> !after.containsKey(p)).toList());
        }
    }

    static String message(String name, boolean isNew, Delta d, String base, String from) {
        List<String> added = d.added();
        List<String> modified = d.modified();
        List<String> removed = d.removed();
        int n = added.size() + modified.size() + removed.size();
        StringBuilder m = new StringBuilder(isNew ? "Add skill " + name : "Update skill " + name)
                .append(isNew ? "" : ": " + n + " file" + (n == 1 ? "" : "s") + " changed").append("\n\n");
        if (!added.isEmpty()) {
            m.append("Added: ").append(String.join(", ", added)).append('\n');
        }
        if (!modified.isEmpty()) {
            m.append("Modified: ").append(String.join(", ", modified)).append('\n');
        }
        if (!removed.isEmpty()) {
            m.append("Removed: ").append(String.join(", ", removed)).append('\n');
        }
        m.append("\nBased on ").append(base, 0, 10).append(" of the skills repository; published with 'ctx skills publish' from commit ")
                .append(from, 0, 10).append(" of a context repository.\n");
        return m.toString();
    }

    private static String clean(String p) {
        return p.replaceAll("^/+|/+$", "");
    }
}
