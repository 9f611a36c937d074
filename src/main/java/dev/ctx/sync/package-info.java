/** Sync through git remotes: fetch, integration that re-applies local memory commits on the remote's head with a memory-aware merge, backups, push without force. */
package dev.ctx.sync;
