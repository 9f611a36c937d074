/** The only place JGit is imported: blobs, trees, commits, ref compare-and-swap, diffs, working-tree sync. */
package dev.ctx.git;
