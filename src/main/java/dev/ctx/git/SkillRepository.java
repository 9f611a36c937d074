package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * A skills repository seen through a local bare mirror under the context repository's git dir
 * ({@code $GIT_COMMON_DIR/ctx/skill-sources/<hash of the URL>.git}): fetched on demand, read at any
 * commit, and the place a publish builds its commit before pushing it. The mirror is a cache: deleting it
 * costs one fetch. Any URL JGit's transports take works (git://, file paths, https, ssh when configured).
 */
public final class SkillRepository implements AutoCloseable {
    /** How a file is stored in the tree; anything but a plain or executable file is refused by the caller. */
    public enum Mode { FILE, EXECUTABLE, SYMLINK, SUBMODULE }

    /** One tree entry under the skill's folder: the path relative to it, its mode and its bytes (a link's target). */
    public record Entry(String path, Mode mode, byte[] bytes) {
    }

    private final Repository repo;
    private final String url;
    private ObjectId remoteHead;

    /** Skills commands have no --accept-new-host: an unknown SSH host is added to known_hosts by the user. */
    private static final String SSH_HOST_HINT = "the SSH host is not in ~/.ssh/known_hosts: check its fingerprint, then connect once with 'ssh'";
    private final RemoteAccess access;

    private SkillRepository(Repository repo, String url, RemoteAccess access) {
        this.repo = repo;
        this.url = url;
        this.access = access;
    }

    /** The URL of a remote configured in the repository at {@code gitDir} ({@code remote.NAME.url}), or null. */
    public static String remoteUrl(GitRepo git, String name) {
        return git.jgit().getConfig().getString("remote", name, "url");
    }

    /**
     * Opens (creating when needed) the mirror of {@code url} under {@code cacheRoot} and fetches every branch and
     * tag, reaching the source as sync reaches its remotes ({@code access}: the token variable, ~/.ssh and
     * known_hosts of its home, the SSH agent). A URL carrying a password is refused: it would be recorded in the
     * installed SKILL.md's origin and committed.
     */
    public static SkillRepository fetch(Path cacheRoot, String url, RemoteAccess access) throws CtxException {
        if (url.contains("://")) {
            Remotes.checkNoPassword(url, access);
        }
        Path dir = cacheRoot.resolve(sha256(url).substring(0, 24) + ".git");
        Repository r;
        try {
            Files.createDirectories(cacheRoot);
            r = FileRepositoryBuilder.create(dir.toFile());
            if (!Files.isDirectory(dir.resolve("objects"))) {
                r.create(true);
            }
        } catch (IOException | IllegalStateException e) {
            throw GitRepo.io("create the skill source cache " + dir, e);
        }
        SkillRepository s = new SkillRepository(r, url, access);
        try {
            s.fetchAll();
            return s;
        } catch (CtxException e) {
            r.close();
            throw e;
        }
    }

    private void fetchAll() throws CtxException {
        SshAgent agent = new SshAgent(access.agentSocket());
        try (SshdSessionFactory ssh = Remotes.sshFactory(access, agent)) {
            FetchResult f = Git.wrap(repo).fetch().setRemote(url).setRemoveDeletedRefs(true)
                    .setTransportConfigCallback(t -> Remotes.configure(t, access, ssh))
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*")).call();
            Ref head = f.getAdvertisedRef(Constants.HEAD);
            remoteHead = head == null ? null : head.getObjectId();
        } catch (GitAPIException | RuntimeException e) {
            throw Remotes.failure(access, agent, "fetch skills from " + access.redact(url), e, SSH_HOST_HINT);
        }
    }

    public String url() {
        return url;
    }

    /** The commit {@code rev} names (a branch, tag or commit id of the source); null {@code rev}: its HEAD. */
    public String resolve(String rev) throws CtxException {
        try {
            if (rev == null) {
                if (remoteHead != null) {
                    return remoteHead.name();
                }
                for (String b : List.of("main", "master")) {
                    Ref ref = repo.exactRef(Constants.R_HEADS + b);
                    if (ref != null) {
                        return ref.getObjectId().name();
                    }
                }
                throw CtxException.notFound(url + " has no HEAD, main or master branch; name a revision with @REV");
            }
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) {
                throw CtxException.notFound(url + " has no revision '" + rev + "'; name a branch, tag or commit of it");
            }
            return id.name();
        } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw CtxException.notFound(url + " has no revision '" + rev + "' (" + GitRepo.oneLine(e.getMessage()) + ")");
        }
    }

    /** Whether branch {@code name} exists at the source (as of the fetch). */
    public String branchTip(String name) throws CtxException {
        try {
            Ref ref = repo.exactRef(Constants.R_HEADS + name);
            return ref == null ? null : ref.getObjectId().name();
        } catch (IOException e) {
            throw GitRepo.io("read branch " + name + " of " + url, e);
        }
    }

    /** Every entry under {@code folder} ("" for the root) at {@code commit}, with paths relative to it; empty when absent. */
    public List<Entry> entries(String commit, String folder, long maxBytes) throws CtxException {
        List<Entry> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            RevCommit c = rw.parseCommit(ObjectId.fromString(commit));
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            if (!folder.isEmpty()) {
                tw.setFilter(PathFilter.create(folder));
            }
            String prefix = folder.isEmpty() ? "" : folder + "/";
            while (tw.next()) {
                String path = tw.getPathString();
                if (!path.startsWith(prefix)) {
                    continue;
                }
                FileMode m = tw.getFileMode(0);
                Mode mode = m == FileMode.EXECUTABLE_FILE ? Mode.EXECUTABLE : m == FileMode.SYMLINK ? Mode.SYMLINK
                        : m == FileMode.GITLINK ? Mode.SUBMODULE : Mode.FILE;
                byte[] bytes = mode == Mode.SUBMODULE ? new byte[0] : repo.open(tw.getObjectId(0)).getCachedBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8));
                out.add(new Entry(path.substring(prefix.length()), mode, bytes));
            }
            return out;
        } catch (org.eclipse.jgit.errors.LargeObjectException e) {
            throw CtxException.refused("a file under " + folder + " of " + url + " is over the largest file a skill may hold (" + maxBytes
                    + " bytes: limits.max_file_bytes, limits.max_binary_bytes); nothing was changed");
        } catch (IOException | IllegalArgumentException e) {
            throw GitRepo.io("read " + (folder.isEmpty() ? "the root" : folder) + " at " + commit + " of " + url, e);
        }
    }

    /** Folders at {@code commit} under {@code folder} that hold a SKILL.md (for the message when a path names no single skill). */
    public List<String> skillFolders(String commit, String folder) throws CtxException {
        List<String> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            String prefix = folder.isEmpty() ? "" : folder + "/";
            while (tw.next()) {
                String p = tw.getPathString();
                if (p.startsWith(prefix) && p.endsWith("/SKILL.md")) {
                    out.add(p.substring(0, p.length() - "/SKILL.md".length()));
                }
            }
            out.sort(null); // by name, not by git's tree order ("a-b/SKILL.md" before "a/SKILL.md")
            return out;
        } catch (IOException e) {
            throw GitRepo.io("list the skills of " + url, e);
        }
    }

    /**
     * A commit on {@code parent} whose {@code folder} holds exactly {@code files} (relative path to bytes; the rest of
     * the tree unchanged), or null when that is already the tree of {@code parent}.
     */
    public String commitFolder(String parent, String folder, Map<String, byte[]> files, Map<String, Boolean> executable,
                               Identity author, String message) throws CtxException {
        try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(repo)) {
            RevCommit base = rw.parseCommit(ObjectId.fromString(parent));
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            b.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base.getTree());
            b.finish();
            DirCacheEditor ed = dc.editor();
            ed.add(new DirCacheEditor.DeleteTree(folder));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ObjectId blob = ins.insert(Constants.OBJ_BLOB, f.getValue());
                boolean exec = Boolean.TRUE.equals(executable.get(f.getKey()));
                ed.add(new DirCacheEditor.PathEdit(folder + "/" + f.getKey()) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(exec ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
                        ent.setObjectId(blob);
                    }
                });
            }
            ed.finish();
            ObjectId tree = dc.writeTree(ins);
            if (tree.equals(base.getTree().getId())) {
                return null;
            }
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            cb.setParentId(base);
            PersonIdent who = new PersonIdent(author.name(), author.email(), author.when(), java.time.ZoneOffset.UTC);
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id.name();
        } catch (IOException e) {
            throw GitRepo.io("build the commit of " + folder + " for " + url, e);
        }
    }

    /**
     * Pushes {@code commit} to branch {@code branch} of the source; a fast-forward or a new branch only (never a
     * force-push): CONFLICT when the branch moved elsewhere.
     */
    public void push(String commit, String branch) throws CtxException {
        String local = "refs/ctx/publish/" + branch;
        try {
            RefUpdate u = repo.updateRef(local);
            u.setNewObjectId(ObjectId.fromString(commit));
            u.setForceUpdate(true);
            u.update();
            Iterable<PushResult> results = pushThrough(local, branch);
            for (PushResult pr : results) {
                for (RemoteRefUpdate r : pr.getRemoteUpdates()) {
                    switch (r.getStatus()) {
                        case OK, UP_TO_DATE -> {
                        }
                        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw CtxException.conflict("branch " + branch + " of " + url
                                + " has commits this publish does not build on; publish to another --branch, or merge that branch first");
                        default -> throw new CtxException(Problem.IO, "the push of " + branch + " to " + url + " was refused: "
                                + r.getStatus() + (r.getMessage() == null ? "" : " (" + GitRepo.oneLine(r.getMessage()) + ")"));
                    }
                }
            }
        } catch (IOException e) {
            throw GitRepo.io("prepare the push to " + url, e);
        }
    }

    private Iterable<PushResult> pushThrough(String local, String branch) throws CtxException {
        SshAgent agent = new SshAgent(access.agentSocket());
        try (SshdSessionFactory ssh = Remotes.sshFactory(access, agent)) {
            return Git.wrap(repo).push().setRemote(url).setTransportConfigCallback(t -> Remotes.configure(t, access, ssh))
                    .setRefSpecs(new RefSpec(local + ":" + Constants.R_HEADS + branch)).call();
        } catch (GitAPIException | RuntimeException e) {
            throw Remotes.failure(access, agent, "push to " + access.redact(url), e, SSH_HOST_HINT);
        }
    }

    /** The commits from {@code from} (exclusive) to {@code to}, newest first, as "short-id subject" lines. */
    public List<String> log(String from, String to, int max) throws CtxException {
        List<String> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo)) {
            rw.markStart(rw.parseCommit(ObjectId.fromString(to)));
            if (from != null) {
                rw.markUninteresting(rw.parseCommit(ObjectId.fromString(from)));
            }
            for (RevCommit c : rw) {
                if (out.size() >= max) {
                    break;
                }
                out.add(c.abbreviate(10).name() + " " + c.getShortMessage());
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw GitRepo.io("read the history of " + url, e);
        }
    }

    /** Whether {@code commit} exists in the mirror (a recorded base may have been rewritten away upstream). */
    public boolean has(String commit) {
        try {
            return commit != null && repo.getObjectDatabase().has(ObjectId.fromString(commit));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Relative path to bytes of the entries, for callers that checked their modes. */
    public static Map<String, byte[]> bytes(List<Entry> entries) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.path(), e.bytes()));
        return out;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        repo.close();
    }
}
