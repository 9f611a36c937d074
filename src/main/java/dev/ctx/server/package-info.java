/** The resident process of the user and the thin client's protocol: runs the same commands the CLI runs, kept warm. */
package dev.ctx.server;
