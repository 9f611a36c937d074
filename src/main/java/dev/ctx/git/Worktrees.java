package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Linked worktrees, named branches and in-core merges, for work that must happen beside the checked-out
 * branch (dreaming). JGit cannot create a worktree, so this writes git's own layout
 * ({@code $GIT_COMMON_DIR/worktrees/<name>/{HEAD,commondir,gitdir}} and {@code <dir>/.git}), which
 * {@code git worktree list}, {@code status}, {@code fsck} and {@code worktree remove} accept, then checks
 * the branch out with a hard reset. Never gc here: JGit's gc does not see a worktree's HEAD (FACTS.md).
 */
public final class Worktrees {
    private Worktrees() {
    }

    /** A linked worktree as git records it: its name under worktrees/, its folder, and the branch it has out. */
    public record Worktree(String name, Path dir, String branchRef) {
    }

    /**
     * Creates {@code branchRef} at {@code commit} (refused if it exists) and a linked worktree named
     * {@code name} at {@code dir} with that branch checked out.
     */
    public static GitRepo add(GitRepo main, String name, Path dir, String branchRef, String commit) throws CtxException {
        Path admin = commonDir(main).resolve("worktrees").resolve(name);
        if (Files.exists(admin) || Files.exists(dir)) {
            throw CtxException.conflict("worktree " + name + " exists already (" + admin + "); run 'git worktree prune' if its folder is gone");
        }
        createBranch(main, branchRef, commit);
        try {
            Files.createDirectories(admin);
            Files.createDirectories(dir);
            Files.writeString(admin.resolve("HEAD"), "ref: " + branchRef + "\n", StandardCharsets.UTF_8);
            Files.writeString(admin.resolve("commondir"), "../..\n", StandardCharsets.UTF_8);
            Files.writeString(admin.resolve("gitdir"), dir.toAbsolutePath().resolve(".git") + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(".git"), "gitdir: " + admin.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw GitRepo.io("create the worktree " + dir, e);
        }
        GitRepo wt = GitRepo.open(dir);
        checkout(wt, commit);
        return wt;
    }

    /** Makes the worktree's index and files those of {@code commit} (its branch already points there). */
    public static void checkout(GitRepo wt, String commit) throws CtxException {
        try (Git g = Git.wrap(wt.jgit())) {
            g.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit).call();
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new CtxException(Problem.IO, "cannot check out " + commit + " in " + wt.workTree() + ": " + GitRepo.oneLine(e.getMessage()), e);
        }
    }

    /** The linked worktrees git records (not the main one), whether or not their folders still exist. */
    public static List<Worktree> list(GitRepo main) throws CtxException {
        Path root = commonDir(main).resolve("worktrees");
        List<Worktree> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path admin : s.sorted().toList()) {
                Path gitdir = admin.resolve("gitdir");
                Path head = admin.resolve("HEAD");
                String dir = Files.isRegularFile(gitdir) ? Files.readString(gitdir).strip() : "";
                String ref = Files.isRegularFile(head) ? Files.readString(head).strip().replaceFirst("^ref: ", "") : "";
                out.add(new Worktree(admin.getFileName().toString(), dir.isEmpty() ? null : Path.of(dir).getParent(), ref));
            }
        } catch (IOException e) {
            throw GitRepo.io("list worktrees", e);
        }
        return out;
    }

    /** Removes a linked worktree: its folder and git's record of it. The branch it had out stays. */
    public static void remove(GitRepo main, String name, Path dir) throws CtxException {
        try {
            if (dir != null) {
                deleteTree(dir);
            }
            deleteTree(commonDir(main).resolve("worktrees").resolve(name));
        } catch (IOException e) {
            throw GitRepo.io("remove the worktree " + name, e);
        }
    }

    // ---- named branches ----

    /** The commit {@code ref} points at, or empty. */
    public static Optional<String> refTip(GitRepo git, String ref) throws CtxException {
        try {
            Ref r = git.jgit().exactRef(ref);
            return r == null || r.getObjectId() == null ? Optional.empty() : Optional.of(r.getObjectId().name());
        } catch (IOException e) {
            throw GitRepo.io("read " + ref, e);
        }
    }

    /** Every ref under {@code prefix} (e.g. refs/heads/ctx/dream/) with its commit. */
    public static Map<String, String> refs(GitRepo git, String prefix) throws CtxException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (Ref r : git.jgit().getRefDatabase().getRefsByPrefix(prefix)) {
                if (r.getObjectId() != null) {
                    out.put(r.getName(), r.getObjectId().name());
                }
            }
        } catch (IOException e) {
            throw GitRepo.io("list " + prefix, e);
        }
        return out;
    }

    public static void createBranch(GitRepo git, String ref, String commit) throws CtxException {
        if (moveRef(git, ref, null, commit) != CasResult.UPDATED) {
            throw CtxException.conflict(ref + " exists already");
        }
    }

    /** Moves {@code ref} from {@code expected} (null: must not exist) to {@code next} (null: delete), only if it is still there. */
    public static CasResult moveRef(GitRepo git, String ref, String expected, String next) throws CtxException {
        try {
            RefUpdate u = git.jgit().updateRef(ref);
            u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected));
            if (next == null) {
                u.setForceUpdate(true);
                RefUpdate.Result r = u.delete();
                return r == RefUpdate.Result.FORCED || r == RefUpdate.Result.NO_CHANGE ? CasResult.UPDATED : CasResult.MOVED;
            }
            u.setNewObjectId(ObjectId.fromString(next));
            u.setForceUpdate(true);
            u.setRefLogMessage("ctx dream", false);
            RefUpdate.Result r = u.update();
            return switch (r) {
                case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> CasResult.UPDATED;
                default -> CasResult.MOVED;
            };
        } catch (IOException e) {
            throw GitRepo.io("update " + ref, e);
        }
    }

    // ---- merges ----

    /** The tree of a three-way merge of {@code ours} and {@code theirs} over their merge base, or the conflicting paths. */
    public record TreeMerge(String tree, List<String> conflicts) {
        public boolean clean() {
            return tree != null;
        }
    }

    /** Merges two commits in memory (no working tree, no index): the recursive strategy git uses. */
    public static TreeMerge mergeTrees(GitRepo git, String ours, String theirs) throws CtxException {
        Repository repo = git.jgit();
        try (RevWalk rw = new RevWalk(repo)) {
            ResolveMerger m = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            boolean ok = m.merge(rw.parseCommit(ObjectId.fromString(ours)), rw.parseCommit(ObjectId.fromString(theirs)));
            if (!ok) {
                List<String> paths = new ArrayList<>(m.getUnmergedPaths());
                if (m.getFailingPaths() != null) {
                    paths.addAll(m.getFailingPaths().keySet());
                }
                return new TreeMerge(null, paths.stream().distinct().sorted().toList());
            }
            return new TreeMerge(m.getResultTreeId().name(), List.of());
        } catch (IOException e) {
            throw GitRepo.io("merge " + ours + " and " + theirs, e);
        }
    }

    /** Writes a commit of {@code tree} with {@code parents}, in that order. */
    public static String commitTree(GitRepo git, String tree, List<String> parents, Identity author, Identity committer, String message) throws CtxException {
        try (ObjectInserter ins = git.jgit().newObjectInserter()) {
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(ObjectId.fromString(tree));
            for (String p : parents) {
                cb.addParentId(ObjectId.fromString(p));
            }
            cb.setAuthor(author.toJGit());
            cb.setCommitter(committer.toJGit());
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id.name();
        } catch (IOException e) {
            throw GitRepo.io("write a merge commit", e);
        }
    }

    /** Pushes {@code ref} to the same name on {@code remote} (a configured remote or a URL); never forced. */
    public static void push(GitRepo git, String remote, String ref) throws CtxException {
        try (Git g = Git.wrap(git.jgit())) {
            for (PushResult r : g.push().setRemote(remote).setRefSpecs(new RefSpec(ref + ":" + ref)).setForce(false).call()) {
                for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                    if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new CtxException(Problem.IO, "push of " + ref + " to " + remote + " was refused (" + u.getStatus()
                                + (u.getMessage() == null ? "" : ": " + u.getMessage()) + "); the branch stays here");
                    }
                }
            }
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new CtxException(Problem.IO, "cannot push " + ref + " to " + remote + ": " + GitRepo.oneLine(e.getMessage()) + "; the branch stays here", e);
        }
    }

    private static Path commonDir(GitRepo git) {
        return git.jgit().getCommonDirectory().toPath();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
