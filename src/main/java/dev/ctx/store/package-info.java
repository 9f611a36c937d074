/** The porcelain of a context repository: reads, and writes that are exactly one commit each. */
package dev.ctx.store;
