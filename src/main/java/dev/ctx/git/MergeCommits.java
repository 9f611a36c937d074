package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;

/** Commits with several parents, built in memory like {@link GitRepo#commit}: the one merge ctx makes joins unrelated histories. */
public final class MergeCommits {
    private MergeCommits() {
    }

    /** A commit whose parents are {@code parents} and whose tree is the first parent's with {@code edits} applied. */
    public static String commit(GitRepo git, List<String> parents, Map<String, byte[]> edits, Identity author, Identity committer, String message)
            throws CtxException {
        try (ObjectInserter ins = git.jgit().newObjectInserter(); ObjectReader reader = ins.newReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId baseTree = rw.parseCommit(ObjectId.fromString(parents.get(0))).getTree();
            // A null mode keeps a file's mode where it exists (an executable script stays executable).
            Map<String, TreeEditor.Blob> blobEdits = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : edits.entrySet()) {
                blobEdits.put(e.getKey(), e.getValue() == null ? null : new TreeEditor.Blob(ins.insert(Constants.OBJ_BLOB, e.getValue()), null));
            }
            ObjectId tree = new TreeEditor(reader, ins).apply(baseTree, blobEdits);
            if (tree == null) {
                tree = ins.insert(new org.eclipse.jgit.lib.TreeFormatter());
            }
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
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
            throw new CtxException(Problem.IO, "cannot write the merge commit: " + GitRepo.oneLine(e.getMessage()), e);
        }
    }
}
