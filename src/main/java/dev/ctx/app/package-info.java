/** Composition root: the Ctx facade that opens a repository and wires the domain. */
package dev.ctx.app;
