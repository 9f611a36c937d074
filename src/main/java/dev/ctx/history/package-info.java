/** History in memory terms: log queries, memory-level diffs, blame, review reports and rollback operations. */
package dev.ctx.history;
