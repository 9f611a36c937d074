package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The one JGit-backed view of a git repository that the rest of ctx uses: blobs and trees at commits,
 * commits built in memory (no index, no working tree involved), branch moves by compare-and-swap, tree
 * diffs, and the working-tree files a write must keep in step. JGit exceptions stop here: callers see
 * {@link CtxException} with one clear line.
 */
public final class GitRepo implements AutoCloseable {
    private final Repository repo;
    /** Trees, commits' trees and small blobs already read or written: a write looks its paths up many times. */
    private final ObjectCache cache = new ObjectCache();

    private GitRepo(Repository repo) {
        this.repo = repo;
    }

    /** Opens the repository whose working tree is {@code workTree} (a linked worktree works too). */
    public static GitRepo open(Path workTree) throws CtxException {
        if (!Files.exists(workTree.resolve(Constants.DOT_GIT))) {
            throw new CtxException(Problem.REPOSITORY, "no git repository at " + workTree + "; run 'ctx init' to create a context repository");
        }
        try {
            Repository r = new FileRepositoryBuilder().setWorkTree(workTree.toFile()).findGitDir(workTree.toFile()).setMustExist(true).build();
            return new GitRepo(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new CtxException(Problem.REPOSITORY, "cannot open git repository at " + workTree + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new non-bare repository with {@code branch} as its unborn HEAD. */
    public static GitRepo init(Path workTree, String branch) throws CtxException {
        try {
            Git g = Git.init().setDirectory(workTree.toFile()).setInitialBranch(branch).call();
            return new GitRepo(g.getRepository());
        } catch (GitAPIException e) {
            throw new CtxException(Problem.IO, "cannot create git repository at " + workTree + ": " + e.getMessage(), e);
        }
    }

    /**
     * Clones {@code uri} (any URL JGit's transports accept: file, https, ssh) into {@code workTree} through the
     * same transport settings as sync ({@link Remotes#configure}): a token or credential helper for HTTPS, keys,
     * the agent and known_hosts for SSH. A URL that carries a password is refused: the clone would keep it in
     * {@code .git/config} as origin's URL.
     */
    public static GitRepo cloneFrom(String uri, Path workTree, RemoteAccess access) throws CtxException {
        Remotes.checkNoPassword(uri, access);
        SshAgent agent = new SshAgent(access.agentSocket());
        try (org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh = Remotes.sshFactory(access, agent)) {
            Git g = Git.cloneRepository().setURI(uri).setDirectory(workTree.toFile())
                    .setTransportConfigCallback(t -> Remotes.configure(t, access, ssh)).call();
            return new GitRepo(g.getRepository());
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            // the transport's own exception is the cause: it tells a refused login from a missing repository
            Exception cause = e.getCause() instanceof Exception c ? c : e;
            throw Remotes.failure(access, agent, "clone " + access.redact(uri), cause);
        }
    }

    public Path workTree() {
        return repo.getWorkTree().toPath();
    }

    public Path gitDir() {
        return repo.getDirectory().toPath();
    }

    /** Where ctx keeps its caches and locks: {@code $GIT_COMMON_DIR/ctx}, shared by linked worktrees. */
    public Path ctxDir() {
        return repo.getCommonDirectory().toPath().resolve("ctx");
    }

    /**
     * What belongs to this worktree alone: {@code $GIT_DIR/ctx}, i.e. {@code .git/worktrees/<name>/ctx} for a
     * linked worktree. The write journal lives here, because recovering a write means fixing this worktree's
     * working tree, index and index lock. For the main worktree it is {@link #ctxDir()}, so a journal left by
     * an older ctx is still found.
     */
    public Path worktreeCtxDir() {
        return gitDir().resolve("ctx");
    }

    /**
     * The lock file git takes while it updates {@code ref}. Branches are shared by every worktree, so their
     * locks sit in the common dir whichever worktree took them ({@link #gitDir()} would be wrong in a linked one).
     */
    public Path refLockFile(String ref) {
        return repo.getCommonDirectory().toPath().resolve(ref + ".lock");
    }

    /** The lock file of this worktree's index, or null in a bare repository (no index). */
    public Path indexLockFile() {
        if (repo.isBare()) {
            return null;
        }
        Path index = repo.getIndexFile().toPath();
        return index.resolveSibling(index.getFileName() + ".lock");
    }

    /** The full name of the checked-out branch, e.g. {@code refs/heads/main}. */
    public String branchRef() throws CtxException {
        try {
            Ref head = repo.exactRef(Constants.HEAD);
            if (head == null || !head.isSymbolic()) {
                throw new CtxException(Problem.REPOSITORY, "HEAD is detached in " + workTree() + "; check out a branch ('git switch main') before writing");
            }
            return head.getTarget().getName();
        } catch (IOException e) {
            throw io("read HEAD", e);
        }
    }

    public String branch() throws CtxException {
        return Repository.shortenRefName(branchRef());
    }

    /** The commit the current branch points at, or null while the branch is unborn. */
    public String tip() throws CtxException {
        try {
            Ref r = repo.exactRef(branchRef());
            return r == null || r.getObjectId() == null ? null : r.getObjectId().name();
        } catch (IOException e) {
            throw io("read the branch", e);
        }
    }

    /** Resolves a revision expression (sha, branch, tag, HEAD~2...) to a commit id. */
    public String resolve(String rev) throws CtxException {
        try {
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) {
                throw CtxException.notFound("unknown revision '" + rev + "'; see 'ctx log' for the commits of this repository");
            }
            return id.name();
        } catch (AmbiguousObjectException e) {
            throw CtxException.notFound("revision '" + rev + "' is ambiguous; give more characters of the commit id");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
            throw CtxException.notFound("'" + rev + "' is not a revision of this repository");
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            // A full commit id that names no object here: as unknown as any other revision, not an I/O failure.
            throw CtxException.notFound("unknown revision '" + rev + "'; see 'ctx log' for the commits of this repository");
        } catch (IOException e) {
            throw io("resolve '" + rev + "'", e);
        }
    }

    /** The blob id at {@code path} in {@code commit}, or null when the path is not a file there. */
    public String blobId(String commit, String path) throws CtxException {
        ObjectCache.Entry e = entry(commit, path);
        if (e == null || e.mode() == FileMode.TREE || e.mode() == FileMode.GITLINK) {
            return null;
        }
        return e.id().name();
    }

    /** Whether {@code path} is a symbolic link in {@code commit}. */
    public boolean isSymlink(String commit, String path) throws CtxException {
        ObjectCache.Entry e = entry(commit, path);
        return e != null && e.mode() == FileMode.SYMLINK;
    }

    /** Whether {@code path} is an executable file (mode 100755) in {@code commit}. */
    public boolean isExecutable(String commit, String path) throws CtxException {
        ObjectCache.Entry e = entry(commit, path);
        return e != null && e.mode() == FileMode.EXECUTABLE_FILE;
    }

    /** The tree entry at {@code path} in {@code commit} (null: none), through the cache of parsed trees. */
    private ObjectCache.Entry entry(String commit, String path) throws CtxException {
        if (commit == null) {
            return null;
        }
        if (List.of(path.split("/", -1)).contains("")) {
            return entryByWalk(commit, path); // empty, or an empty segment: not a plain path; TreeWalk's own reading of it, as before
        }
        try (ObjectReader r = repo.newObjectReader()) {
            return cache.lookup(r, ObjectId.fromString(commit), path);
        } catch (IOException e) {
            throw io("read " + path, e);
        }
    }

    private ObjectCache.Entry entryByWalk(String commit, String path) throws CtxException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = TreeWalk.forPath(repo, path, rw.parseCommit(ObjectId.fromString(commit)).getTree())) {
            return tw == null ? null : new ObjectCache.Entry(tw.getFileMode(0), tw.getObjectId(0));
        } catch (IOException | IllegalArgumentException e) {
            throw io("read " + path, e);
        }
    }

    /** The bytes of {@code path} at {@code commit}, or null when absent; refuses blobs over {@code maxBytes}. */
    public byte[] read(String commit, String path, long maxBytes) throws CtxException {
        String blob = blobId(commit, path);
        return blob == null ? null : readBlob(blob, path, maxBytes);
    }

    public byte[] readBlob(String blob, String pathForMessages, long maxBytes) throws CtxException {
        ObjectId id = ObjectId.fromString(blob);
        byte[] kept = cache.blob(id);
        if (kept != null && kept.length <= maxBytes) {
            return kept;
        }
        try (ObjectReader r = repo.newObjectReader()) {
            ObjectLoader l = r.open(id, Constants.OBJ_BLOB);
            if (l.getSize() > maxBytes) {
                throw CtxException.refused(pathForMessages + " is " + l.getSize() + " bytes, over the limit of " + maxBytes + " bytes (limits.max_file_bytes in ctx.yaml)");
            }
            byte[] b = l.getBytes();
            cache.blobWritten(id, b);
            return b;
        } catch (MissingObjectException e) {
            throw new CtxException(Problem.IO, "object " + blob + " of " + pathForMessages + " is missing; the repository may be damaged (run 'git fsck')", e);
        } catch (IOException e) {
            throw io("read " + pathForMessages, e);
        }
    }

    /** Every file path at {@code commit} (recursively), sorted; empty for an unborn branch. */
    public List<String> listPaths(String commit, String prefix) throws CtxException {
        List<String> out = new ArrayList<>();
        if (commit == null) {
            return out;
        }
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (!p.isEmpty()) {
                tw.setFilter(PathFilter.create(p));
            }
            while (tw.next()) {
                if (tw.getFileMode(0) != FileMode.GITLINK) {
                    out.add(tw.getPathString());
                }
            }
            return out;
        } catch (IOException e) {
            throw io("list files", e);
        }
    }

    /** Every file path at {@code commit} (recursively, sorted) with its blob id, in one walk of the tree. */
    public Map<String, String> blobIds(String commit) throws CtxException {
        Map<String, String> out = new LinkedHashMap<>();
        if (commit == null) {
            return out;
        }
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseCommit(ObjectId.fromString(commit)).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if (tw.getFileMode(0) != FileMode.GITLINK) {
                    out.put(tw.getPathString(), tw.getObjectId(0).name());
                }
            }
            return out;
        } catch (IOException e) {
            throw io("list files", e);
        }
    }

    /**
     * Writes a commit with {@code parent} (null: a root commit) whose tree is the parent's with {@code edits}
     * applied (path -> new bytes; null deletes). Touches neither the index nor the working tree.
     */
    public String commit(String parent, Map<String, byte[]> edits, Identity author, Identity committer, String message) throws CtxException {
        return commit(parent, List.of(), edits, author, committer, message);
    }

    /**
     * {@link #commit(String, Map, Identity, Identity, String)} with further parents after {@code parent}: an import
     * that adopts another repository's history joins it as a second parent, so its commits stay reachable.
     */
    public String commit(String parent, List<String> moreParents, Map<String, byte[]> edits, Identity author, Identity committer,
                         String message) throws CtxException {
        return commit(parent, moreParents, edits, Map.of(), author, committer, message);
    }

    /**
     * {@link #commit(String, List, Map, Identity, Identity, String)} with the mode of some paths said: {@code executable}
     * true commits 100755, false 100644; a path not in it keeps the mode it has (100644 when new).
     */
    public String commit(String parent, List<String> moreParents, Map<String, byte[]> edits, Map<String, Boolean> executable,
                         Identity author, Identity committer, String message) throws CtxException {
        try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = ins.newReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId baseTree = parent == null ? null : cache.treeOf(reader, ObjectId.fromString(parent));
            Map<String, TreeEditor.Blob> blobEdits = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : edits.entrySet()) {
                ObjectId blob = e.getValue() == null ? null : ins.insert(Constants.OBJ_BLOB, e.getValue());
                if (blob != null) {
                    cache.blobWritten(blob, e.getValue());
                }
                blobEdits.put(e.getKey(), blob == null ? null : new TreeEditor.Blob(blob, executable.get(e.getKey())));
            }
            ObjectId tree = new TreeEditor(reader, ins, cache).apply(baseTree, blobEdits);
            if (tree == null) {
                tree = ins.insert(new org.eclipse.jgit.lib.TreeFormatter());
            }
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            List<ObjectId> parents = new ArrayList<>();
            if (parent != null) {
                parents.add(ObjectId.fromString(parent));
            }
            moreParents.forEach(p -> parents.add(ObjectId.fromString(p)));
            cb.setParentIds(parents);
            cb.setAuthor(author.toJGit());
            cb.setCommitter(committer.toJGit());
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            cache.commitWritten(id, tree);
            return id.name();
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write the commit: " + oneLine(e.getMessage()), e);
        }
    }

    /** The tree id of a commit, for cheap "did anything change" comparisons. */
    public String treeOf(String commit) throws CtxException {
        try (ObjectReader r = repo.newObjectReader()) {
            return cache.treeOf(r, ObjectId.fromString(commit)).name();
        } catch (IOException e) {
            throw io("read commit " + commit, e);
        }
    }

    /**
     * Moves the current branch from {@code expected} (null: unborn) to {@code next}, only if it still points at
     * {@code expected}. Git's own ref lock makes this atomic against other processes and the git CLI.
     */
    public CasResult compareAndSwap(String expected, String next, String reflogMessage) throws CtxException {
        try {
            RefUpdate u = repo.updateRef(branchRef());
            u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected));
            u.setNewObjectId(ObjectId.fromString(next));
            u.setRefLogMessage(reflogMessage, false);
            RefUpdate.Result r = u.update();
            return switch (r) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> CasResult.UPDATED;
                case LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON, IO_FAILURE, NOT_ATTEMPTED, RENAMED ->
                        r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.REJECTED ? CasResult.MOVED
                                : failUpdate(r);
            };
        } catch (IOException e) {
            throw io("update the branch", e);
        }
    }

    private static CasResult failUpdate(RefUpdate.Result r) throws CtxException {
        throw new CtxException(Problem.IO, "git refused to move the branch (" + r + "); run 'git status' and 'git fsck' to inspect the repository");
    }

    /**
     * Copies the objects of the repository at {@code source} (a path or URL) reachable from its HEAD into this one,
     * under {@code ref}, and returns that commit. Nothing of this repository's branches or working tree changes.
     */
    public String fetchHead(String source, String ref) throws CtxException {
        try {
            Git.wrap(repo).fetch().setRemote(source).setRefSpecs(new org.eclipse.jgit.transport.RefSpec("+HEAD:" + ref)).call();
            Ref r = repo.exactRef(ref);
            if (r == null || r.getObjectId() == null) {
                throw new CtxException(Problem.NOT_FOUND, source + " has no HEAD commit to fetch");
            }
            return r.getObjectId().name();
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException | IOException e) {
            throw new CtxException(Problem.IO, "cannot fetch " + source + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** Deletes {@code ref} if it exists (a ref of ctx's own, never a branch). */
    public void deleteRef(String ref) throws CtxException {
        try {
            if (repo.exactRef(ref) != null) {
                RefUpdate u = repo.updateRef(ref);
                u.setForceUpdate(true);
                u.delete();
            }
        } catch (IOException e) {
            throw io("delete " + ref, e);
        }
    }

    /** Whether the working tree (other than ignored files) differs from HEAD. */
    public boolean hasUncommitted() throws CtxException {
        return !uncommitted().isEmpty();
    }

    public boolean isAncestor(String ancestor, String of) throws CtxException {
        try (RevWalk rw = new RevWalk(repo)) {
            return rw.isMergedInto(rw.parseCommit(ObjectId.fromString(ancestor)), rw.parseCommit(ObjectId.fromString(of)));
        } catch (IOException e) {
            throw io("walk history", e);
        }
    }

    public CommitInfo commitInfo(String id) throws CtxException {
        try (RevWalk rw = new RevWalk(repo)) {
            return info(rw.parseCommit(ObjectId.fromString(id)));
        } catch (MissingObjectException e) {
            throw CtxException.notFound("commit " + id + " does not exist in this repository");
        } catch (IOException e) {
            throw io("read commit " + id, e);
        }
    }

    /** Reads a parsed commit into a {@link CommitInfo}; trailers keep every value of a key, in order. */
    static CommitInfo info(RevCommit c) {
        List<String> parents = new ArrayList<>();
        for (RevCommit p : c.getParents()) {
            parents.add(p.getName());
        }
        Map<String, List<String>> trailers = new LinkedHashMap<>();
        for (FooterLine f : c.getFooterLines()) {
            trailers.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue());
        }
        PersonIdent a = c.getAuthorIdent();
        PersonIdent cm = c.getCommitterIdent();
        return new CommitInfo(c.getName(), parents, a.getName(), a.getEmailAddress(), a.getWhenAsInstant(),
                cm.getName(), cm.getWhenAsInstant(), c.getShortMessage(), c.getFullMessage(), trailers);
    }

    /** Paths that differ between two commits ({@code from} null: everything in {@code to} is added). No rename detection. */
    public List<PathChange> diff(String from, String to) throws CtxException {
        List<PathChange> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            if (from == null) {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                tw.addTree(rw.parseCommit(ObjectId.fromString(from)).getTree());
            }
            tw.addTree(rw.parseCommit(ObjectId.fromString(to)).getTree());
            tw.setRecursive(true);
            tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            for (DiffEntry d : DiffEntry.scan(tw)) {
                PathChange.Type t = switch (d.getChangeType()) {
                    case ADD -> PathChange.Type.ADD;
                    case DELETE -> PathChange.Type.DELETE;
                    case RENAME -> PathChange.Type.RENAME;
                    default -> PathChange.Type.MODIFY;
                };
                out.add(new PathChange(t, d.getOldPath(), d.getNewPath(), d.getOldId().name(), d.getNewId().name()));
            }
            return out;
        } catch (IOException e) {
            throw io("diff commits", e);
        }
    }

    // ---- working tree ----

    /**
     * The working-tree bytes of {@code path}, or null when absent. Refuses to follow a symbolic link on
     * the way: a link can point anywhere, and ctx never reads or writes outside the repository through one.
     */
    public byte[] readWorkTree(String path) throws CtxException {
        Path f = workTreeFile(path);
        try {
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (Files.isSymbolicLink(f) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw CtxException.refused(path + " is a symbolic link or not a regular file in the working tree; ctx does not follow links");
            }
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw io("read " + path, e);
        }
    }

    /** The working-tree location of a repository path, refusing any symbolic link among its parent folders. */
    public Path workTreeFile(String path) throws CtxException {
        Path root = workTree();
        Path f = root.resolve(path).normalize();
        if (!f.startsWith(root)) {
            throw CtxException.refused(path + " is outside the repository");
        }
        Path p = root;
        String[] segs = path.split("/");
        for (int i = 0; i < segs.length - 1; i++) {
            p = p.resolve(segs[i]);
            if (Files.isSymbolicLink(p)) {
                throw CtxException.refused(path + " goes through the symbolic link '" + root.relativize(p) + "'; ctx never writes through links");
            }
        }
        return f;
    }

    /** The paths {@code git status} would list as changed or untracked (ignored files excluded). */
    public Set<String> uncommitted() throws CtxException {
        try (Git g = Git.wrap(repo)) {
            Status s = g.status().call();
            Set<String> out = new TreeSet<>();
            out.addAll(s.getUncommittedChanges());
            out.addAll(s.getUntracked());
            return out;
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new CtxException(Problem.IO, "cannot read the working tree status: " + oneLine(e.getMessage()), e);
        }
    }

    /** What {@code git commit} would commit now: every index entry's bytes (for the pre-commit hook). */
    public Map<String, byte[]> stagedFiles() throws CtxException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ObjectReader r = repo.newObjectReader()) {
            org.eclipse.jgit.dircache.DirCache dc = repo.readDirCache();
            for (int i = 0; i < dc.getEntryCount(); i++) {
                org.eclipse.jgit.dircache.DirCacheEntry e = dc.getEntry(i);
                if (e.getStage() == 0 && e.getFileMode() != FileMode.GITLINK) {
                    out.put(e.getPathString(), r.open(e.getObjectId(), Constants.OBJ_BLOB).getBytes());
                }
            }
            return out;
        } catch (IOException e) {
            throw io("read the index", e);
        }
    }

    /** The index (staging area), for keeping it in step with commits ctx makes. */
    public IndexSync indexSync() {
        return new IndexSync(this);
    }

    public String userConfig(String section, String name) {
        return repo.getConfig().getString(section, null, name);
    }

    Repository jgit() {
        return repo;
    }

    static CtxException io(String what, Exception e) {
        return new CtxException(Problem.IO, "cannot " + what + ": " + oneLine(e.getMessage()), e);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        repo.close();
    }
}
