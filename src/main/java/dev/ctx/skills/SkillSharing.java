package dev.ctx.skills;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.RemoteAccess;
import dev.ctx.git.SkillRepository;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SkillReport.Change;
import dev.ctx.model.SkillReport.Outcome;
import dev.ctx.model.SkillReport.Status;
import dev.ctx.model.SkillReport.Written;
import dev.ctx.model.WriteResult;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Install, outdated and update: skills moving from a skills repository into this one, each write one commit.
 * Every folder is checked ({@link SkillCheck}) before anything is written; an update merges upstream's change
 * into local edits ({@link FolderMerge}) and records the new commit in the skill's origin.
 */
public final class SkillSharing {
    private final ContextStore store;
    private final Path cwd;
    private final RemoteAccess access;

    /** {@code access}: how skills repositories are reached (the same settings as sync's remotes). */
    public SkillSharing(ContextStore store, Path cwd, RemoteAccess access) {
        this.store = store;
        this.cwd = cwd;
        this.access = access;
    }

    Function<String, String> remotes() {
        return name -> SkillRepository.remoteUrl(store.git(), name);
    }

    Sources sources() throws CtxException {
        return new Sources(store.git().ctxDir().resolve("skill-sources"), Math.max(store.config().maxFileBytes(), store.config().maxBinaryBytes()), access);
    }

    public Written install(String spec, String path, String rev, Provenance who) throws CtxException {
        SkillSource source = SkillSource.parse(spec, path, rev, cwd, remotes());
        try (Sources sources = sources()) {
            Sources.Found found = sources.read(source);
            String name = source.lastSegment() != null ? source.lastSegment() : nameIn(found);
            Map<String, FileContent> files = SkillCheck.refuseOrFiles("install", name, found.entries(), store.config());
            String hash = Sources.hash(files);
            SkillOrigin origin = new SkillOrigin(source.source(), source.plainFolder() ? null : source.path(), source.rev(), found.commit(), hash);
            files.put("SKILL.md", stamped(origin, files.get("SKILL.md")));
            String at = found.commit() == null ? "" : "@" + found.commit().substring(0, 10);
            SkillWrite op = new SkillWrite("skill-install", Map.of(name, files), "from " + source.source() + at, head -> {
                if (head.exists(RepoPath.of("skills/" + name + "/SKILL.md"))) {
                    throw CtxException.conflict("skills/" + name + " exists already; 'ctx skills update " + name
                            + "' brings an installed skill up to date, or 'ctx forget skills/" + name + "/SKILL.md' first (nothing was changed)");
                }
            }, trailers(origin));
            WriteResult w = store.apply(op, who);
            return new Written(w, List.of(new Change(name, Outcome.INSTALLED, null, found.commit(), new ArrayList<>(files.keySet()), List.of())));
        }
    }

    /** SKILL.md with the origin recorded in it, its mode kept. */
    private static FileContent stamped(SkillOrigin origin, FileContent skillMd) throws CtxException {
        return FileContent.text(origin.stamp(skillMd.textOrNull())).withExecutable(skillMd.executable());
    }

    private static String nameIn(Sources.Found found) {
        for (var e : found.entries()) {
            if (e.path().equals("SKILL.md")) {
                try {
                    Object n = Document.parse(new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8)).frontMatter().get("name");
                    if (n instanceof String s) {
                        return s;
                    }
                } catch (FormatException ex) {
                    break;
                }
            }
        }
        return "";
    }

    private static Map<String, String> trailers(SkillOrigin o) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("Ctx-Skill-Source", o.source() + (o.path() == null || o.path().isEmpty() ? "" : "/" + o.path()));
        if (o.commit() != null) {
            t.put("Ctx-Skill-Commit", o.commit());
        }
        return t;
    }

    /** The installed skills at the tip (those whose SKILL.md records an origin), name to origin, sorted. */
    static Map<String, SkillOrigin> installed(Snapshot head) throws CtxException {
        Map<String, SkillOrigin> out = new TreeMap<>();
        for (RepoPath p : head.list("skills/")) {
            if (p.isSkillFile()) {
                SkillOrigin o = SkillOrigin.read(head.read(p).orElse(""));
                if (o != null) {
                    out.put(p.segments().get(1), o);
                }
            }
        }
        return out;
    }

    public List<Status> outdated() throws CtxException {
        Snapshot head = store.head();
        List<Status> out = new ArrayList<>();
        try (Sources sources = sources()) {
            for (Map.Entry<String, SkillOrigin> e : installed(head).entrySet()) {
                SkillOrigin o = e.getValue();
                boolean modified = !Sources.hash(SkillWrite.folder(head, e.getKey())).equals(o.hash());
                try {
                    Sources.Found found = sources.read(SkillSource.of(o, cwd, remotes()));
                    String upstreamHash = Sources.hash(SkillCheck.files(found.entries()));
                    out.add(new Status(e.getKey(), o.source(), o.ref(), o.commit(), found.commit(), !upstreamHash.equals(o.hash()), modified, null));
                } catch (CtxException ex) {
                    out.add(new Status(e.getKey(), o.source(), o.ref(), o.commit(), null, false, modified, ex.getMessage()));
                }
            }
        }
        return out;
    }

    /** Updates {@code names} (empty: every installed skill) in one commit; conflicts are committed with both sides kept. */
    public Written update(List<String> names, Provenance who) throws CtxException {
        Snapshot head = store.head();
        Map<String, SkillOrigin> installed = installed(head);
        List<String> chosen = names.isEmpty() ? new ArrayList<>(installed.keySet()) : names;
        for (String n : chosen) {
            if (!installed.containsKey(n)) {
                throw CtxException.notFound(head.exists(RepoPath.of("skills/" + n + "/SKILL.md"))
                        ? "skills/" + n + " records no origin (it was written here, not installed); nothing to update it from"
                        : "no skill '" + n + "' here; 'ctx skills list' shows the installed ones");
            }
        }
        Map<String, Map<String, FileContent>> writes = new LinkedHashMap<>();
        Map<String, Map<String, FileContent>> before = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        try (Sources sources = sources()) {
            for (String n : chosen) {
                Map<String, FileContent> local = SkillWrite.folder(head, n);
                before.put(n, local);
                Change c = updateOne(sources, n, installed.get(n), local, writes);
                changes.add(c);
            }
        }
        if (writes.isEmpty()) {
            return new Written(new WriteResult(null, "skill-update", List.of(), "every skill is up to date", 0, List.of()), changes);
        }
        String summary = changes.stream().filter(c -> c.outcome() != Outcome.UP_TO_DATE)
                .map(c -> c.name() + " " + c.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .reduce((a, b) -> a + ", " + b).orElse("");
        SkillWrite op = new SkillWrite("skill-update", writes, summary, h -> {
            for (String n : writes.keySet()) {
                if (!SkillWrite.folder(h, n).equals(before.get(n))) {
                    throw CtxException.conflict("skills/" + n + " changed while the update ran; run 'ctx skills update' again");
                }
            }
        }, Map.of());
        return new Written(store.apply(op, who), changes);
    }

    private Change updateOne(Sources sources, String name, SkillOrigin o, Map<String, FileContent> local,
                             Map<String, Map<String, FileContent>> writes) throws CtxException {
        SkillSource source = SkillSource.of(o, cwd, remotes());
        Sources.Found found = sources.read(source);
        Map<String, FileContent> theirs = new TreeMap<>(SkillCheck.refuseOrFiles("update", name, found.entries(), store.config()));
        String theirsHash = Sources.hash(theirs);
        if (theirsHash.equals(o.hash())) {
            return new Change(name, Outcome.UP_TO_DATE, o.commit(), found.commit(), List.of(), List.of());
        }
        Map<String, FileContent> ours = new TreeMap<>(local);
        ours.computeIfPresent("SKILL.md", (k, v) -> v.textOrNull() == null ? v : FileContent.text(SkillOrigin.strip(v.textOrNull())).withExecutable(v.executable()));
        boolean edited = !Sources.hash(ours).equals(o.hash());
        String label = source.source() + (found.commit() == null ? "" : "@" + found.commit().substring(0, 10));
        FolderMerge.Result merged = edited
                ? FolderMerge.merge(sources.at(source, o.commit()), ours, theirs, label)
                : FolderMerge.merge(null, theirs, theirs, label);
        Map<String, FileContent> files = new TreeMap<>();
        merged.files().forEach((p, t) -> t.ifPresent(c -> files.put(p, c)));
        if (SkillWrite.skillMd(files) == null) {
            throw CtxException.conflict("the update of " + name + " would leave it without a text SKILL.md; nothing was changed");
        }
        FileContent stamped = stamped(o.withCommit(found.commit(), theirsHash), files.get("SKILL.md"));
        try {
            Document.parse(stamped.textOrNull());
        } catch (FormatException e) {
            throw CtxException.conflict("both sides changed the front-matter of skills/" + name + "/SKILL.md so that it no longer merges; "
                    + "nothing was changed: make the local front-matter match upstream's, commit, and run the update again");
        }
        files.put("SKILL.md", stamped);
        writes.put(name, files);
        Outcome outcome = !merged.conflicts().isEmpty() ? Outcome.CONFLICT : edited ? Outcome.MERGED : Outcome.UPDATED;
        return new Change(name, outcome, o.commit(), found.commit(), changed(local, files), merged.conflicts(), merged.notes());
    }

    /** The paths whose text differs between two versions of a folder (added, changed or deleted), sorted. */
    private static List<String> changed(Map<String, FileContent> before, Map<String, FileContent> after) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        return all.stream().filter(p -> !Optional.ofNullable(before.get(p)).equals(Optional.ofNullable(after.get(p)))).toList();
    }
}
