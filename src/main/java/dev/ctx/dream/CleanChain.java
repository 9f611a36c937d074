package dev.ctx.dream;

import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitHistory;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import java.util.ArrayList;
import java.util.List;

/**
 * What lands of a proposal branch: its commits without the dropped ones. A pass followed by the commit that
 * dropped it whole is left out; a pass dropped in part lands as one commit of what was kept, its message
 * naming what was left on the branch. The proposal branch itself keeps every commit; when nothing was
 * dropped, the branch's own commits land unchanged.
 */
final class CleanChain {
    private static final String DROP_OP = "dream-drop";

    private CleanChain() {
    }

    static String of(GitRepo git, String base, String tip, Identity committer) throws CtxException {
        List<CommitInfo> commits = new ArrayList<>(new GitHistory(git).walk(tip, base));
        java.util.Collections.reverse(commits); // oldest first
        if (commits.stream().noneMatch(c -> DROP_OP.equals(c.trailer("Ctx-Op")))) {
            return tip;
        }
        String cur = base;
        boolean rewritten = false;
        for (int i = 0; i < commits.size(); i++) {
            CommitInfo c = commits.get(i);
            CommitInfo next = i + 1 < commits.size() ? commits.get(i + 1) : null;
            boolean dropped = next != null && DROP_OP.equals(next.trailer("Ctx-Op"))
                    && java.util.Objects.equals(next.trailer("Ctx-Pass"), c.trailer("Ctx-Pass"));
            if (dropped) {
                i++;
                String tree = git.treeOf(next.id());
                if (tree.equals(git.treeOf(cur))) {
                    rewritten = true; // dropped whole: nothing of it lands
                    continue;
                }
                cur = Worktrees.commitTree(git, tree, List.of(cur), author(c), committer, withNote(c.message(), next.message()));
                rewritten = true;
                continue;
            }
            if (!rewritten && c.parents().size() == 1 && c.parents().get(0).equals(cur)) {
                cur = c.id();
                continue;
            }
            cur = Worktrees.commitTree(git, git.treeOf(c.id()), List.of(cur), author(c), committer, c.message());
            rewritten = true;
        }
        return cur;
    }

    private static Identity author(CommitInfo c) {
        return new Identity(c.authorName(), c.authorEmail(), c.authorTime());
    }

    /** The pass's message with the drop's reasons before its trailers. */
    static String withNote(String pass, String drop) {
        int t = pass.stripTrailing().lastIndexOf("\n\n");
        String head = t < 0 ? pass.stripTrailing() : pass.substring(0, t);
        String trailers = t < 0 ? "" : pass.substring(t + 2).stripTrailing();
        int d = drop.indexOf("\n\n");
        int e = drop.stripTrailing().lastIndexOf("\n\n");
        String reasons = d < 0 || e <= d ? "" : drop.substring(d + 2, e).strip();
        return head + "\n\nLeft out of this merge (" + reasons.replaceFirst("^Kept on this branch for review, left out of the merge:\n", "kept on the dream's branch):\n")
                + "\n\n" + trailers + "\n";
    }
}
