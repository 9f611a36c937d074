/** Dreaming: consolidation of memory in a linked worktree, by passes whose commits are checked and merged back (docs/dreaming.md). */
package dev.ctx.dream;
