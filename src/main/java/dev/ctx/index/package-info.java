/** The Lucene-free search API: requests, hits and index status. */
package dev.ctx.index;
