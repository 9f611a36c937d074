package dev.ctx.app;

import dev.ctx.agents.SkillFolders;
import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.git.SkillRepository.Entry;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.Finding;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SkillReport;
import dev.ctx.model.SkillReport.Change;
import dev.ctx.model.SkillReport.Info;
import dev.ctx.model.SkillReport.Outcome;
import dev.ctx.model.SkillReport.Written;
import dev.ctx.model.WriteResult;
import dev.ctx.skills.DiskSkills;
import dev.ctx.skills.SkillCheck;
import dev.ctx.skills.SkillOrigin;
import dev.ctx.skills.SkillPublish;
import dev.ctx.skills.SkillSharing;
import dev.ctx.git.RemoteAccess;
import dev.ctx.skills.SkillWrites;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The skills use cases of one repository (docs/skills.md): what is here, validation by the Agent Skills rules,
 * and moving skills between repositories and agents' folders. {@code cwd} resolves folders given as sources.
 */
public final class Skills {
    private final ContextStore store;
    private final Path cwd;
    private final SkillSharing sharing;

    Skills(ContextStore store, Path cwd, RemoteAccess access) {
        this.store = store;
        this.cwd = cwd;
        this.sharing = new SkillSharing(store, cwd, access);
    }

    public List<Info> list() throws CtxException {
        Snapshot head = store.head();
        List<Info> out = new ArrayList<>();
        for (RepoPath p : head.list("skills/")) {
            if (p.isSkillFile()) {
                out.add(info(head, p.segments().get(1)));
            }
        }
        return out;
    }

    public SkillReport.Shown show(String name) throws CtxException {
        Snapshot head = store.head();
        RepoPath file = skillFile(name);
        if (!head.exists(file)) {
            throw CtxException.notFound("no skill '" + name + "' here; 'ctx skills list' shows them");
        }
        return new SkillReport.Shown(info(head, name), head.read(file).orElse(""));
    }

    private static Info info(Snapshot head, String name) throws CtxException {
        String text = head.read(skillFile(name)).orElse("");
        String description = null;
        try {
            description = Document.parse(text).frontMatter().get("description") instanceof String d ? d.strip() : null;
        } catch (FormatException e) {
            // listed without a description; 'ctx skills validate' says why
        }
        List<String> files = new ArrayList<>();
        String prefix = "skills/" + name + "/";
        head.list(prefix).forEach(p -> files.add(p.value().substring(prefix.length())));
        SkillOrigin o = SkillOrigin.read(text);
        return o == null ? new Info(name, description, null, null, null, null, null, files)
                : new Info(name, description, o.source(), o.path(), o.ref(), o.commit(), o.hash(), files);
    }

    private static RepoPath skillFile(String name) throws CtxException {
        try {
            return RepoPath.of("skills/" + name + "/SKILL.md");
        } catch (IllegalArgumentException e) {
            throw CtxException.refused("'" + Ctx.printable(name) + "' is not a skill name; " + e.getMessage());
        }
    }

    /** Creates {@code skills/NAME/SKILL.md} from a short template, one commit. */
    public Written create(String name, String description, Provenance who) throws CtxException {
        WriteResult w = store.apply(SkillWrites.create(name, description, store.config()), who);
        return new Written(w, List.of(new Change(name, Outcome.CREATED, null, null, List.of("SKILL.md"), List.of())));
    }

    /** The repository's own skills as they are in the working tree ({@code paths} empty), or skill folders anywhere on disk. */
    public Validation validate(List<Path> paths, boolean strict) throws CtxException {
        if (paths.isEmpty()) {
            Path own = store.root().resolve("skills");
            return DiskSkills.skillsIn(own).isEmpty() ? new Validation(0, List.of()) : validateFolders(List.of(own), strict, store.config(), store.root());
        }
        return validateFolders(paths, strict, store.config(), cwd);
    }

    /**
     * Validates skill folders on disk, without a repository: each path is a skill folder, its SKILL.md, or a folder
     * of skill folders (a skills repository's root or its {@code skills/}). Findings name the files on disk,
     * relative to {@code shownFrom} when under it.
     */
    public static Validation validateFolders(List<Path> paths, boolean strict, CtxConfig config, Path shownFrom) throws CtxException {
        int files = 0;
        List<Finding> findings = new ArrayList<>();
        for (Path given : paths) {
            Path p = given.getFileName() != null && given.getFileName().toString().equals("SKILL.md") ? given.getParent() : given;
            if (!Files.isDirectory(p)) {
                throw CtxException.notFound(given + " is not a skill folder (or its SKILL.md)");
            }
            List<Path> folders = DiskSkills.isSkill(p) ? List.of(p) : DiskSkills.skillsIn(p);
            if (folders.isEmpty()) {
                throw CtxException.notFound(given + " is not a skill folder and holds none (a skill is a folder with a SKILL.md)");
            }
            for (Path folder : folders) {
                List<Entry> entries = DiskSkills.entries(folder, readCap(config));
                entries = entries.stream().filter(e -> !e.path().equals(DiskSkills.EXPORT_MARKER)).toList();
                files += entries.size();
                String name = folder.getFileName().toString();
                for (Finding f : SkillCheck.check(name, entries, config, strict)) {
                    String rel = f.path().startsWith("skills/" + name) ? f.path().substring(("skills/" + name).length()) : "";
                    Path shown = folder.startsWith(shownFrom) ? shownFrom.relativize(folder) : folder;
                    findings.add(new Finding(shown + rel, f.line(), f.rule(), f.severity(), f.message()));
                }
            }
        }
        return new Validation(files, findings);
    }

    /** The most a skill's file may be read with: text is judged by max_file_bytes, a binary asset by max_binary_bytes. */
    private static long readCap(CtxConfig config) {
        return Math.max(config.maxFileBytes(), config.maxBinaryBytes());
    }

    public Written install(String source, String path, String rev, Provenance who) throws CtxException {
        return sharing.install(source, path, rev, who);
    }

    public List<SkillReport.Status> outdated() throws CtxException {
        return sharing.outdated();
    }

    public Written update(List<String> names, Provenance who) throws CtxException {
        return sharing.update(names, who);
    }

    /** Pushes skill {@code name} to branch {@code branch} (null: {@code skill/NAME}) of remote or URL {@code to}. */
    public SkillReport.Published publish(String name, String to, String branch, String path, Provenance who) throws CtxException {
        return new SkillPublish(store, sharing).publish(name, to, branch, path, store.clock(), who.agent());
    }

    /** The skills at the tip into {@code dir} (copies, or links to the working tree's {@code skills/} with {@code link}). */
    public SkillReport.Exported export(Path dir, boolean link) throws CtxException {
        return SkillFolders.export(cwd.resolve(dir), Agents.skills(store), store.root().resolve("skills"), link);
    }

    /**
     * The skill folders a person wrote in {@code dir} (an agent's folder) into {@code skills/}, one commit; copies
     * an export made and symbolic links are skipped. A skill here with other content is refused unless {@code force}.
     */
    public Written importFrom(Path dir, boolean force, Provenance who) throws CtxException {
        Path from = cwd.resolve(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(from)) {
            throw CtxException.notFound(from + " is not a folder; give the folder that holds skill folders (e.g. .claude/skills)");
        }
        Snapshot head = store.head();
        Map<String, Map<String, FileContent>> writes = new TreeMap<>();
        Map<String, Map<String, FileContent>> before = new TreeMap<>();
        List<Change> changes = new ArrayList<>();
        for (Path folder : DiskSkills.skillsIn(from)) {
            if (Files.isSymbolicLink(folder) || SkillFolders.exportedByCtx(folder)) {
                continue;
            }
            String name = folder.getFileName().toString();
            Map<String, FileContent> files = SkillCheck.refuseOrFiles("import", name, DiskSkills.entries(folder, readCap(store.config())), store.config());
            Map<String, FileContent> here = SkillWrites.folder(head, name);
            if (here.equals(files)) {
                continue;
            }
            if (!here.isEmpty() && !force) {
                throw CtxException.conflict("skills/" + name + " exists here with other content than " + folder
                        + "; give --force to replace it with the folder's (nothing was changed)");
            }
            writes.put(name, files);
            before.put(name, here);
            changes.add(new Change(name, Outcome.IMPORTED, null, null, new ArrayList<>(files.keySet()), List.of()));
        }
        if (writes.isEmpty()) {
            return new Written(new WriteResult(null, "skill-import", List.of(), "nothing new in " + from, 0, List.of()), List.of());
        }
        return new Written(store.apply(SkillWrites.replace("skill-import", writes, before, "from " + from.getFileName()), who), changes);
    }
}
