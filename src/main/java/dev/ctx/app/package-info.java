/** Composition root and the library's only entry: the Ctx facade, one method per use case, and the records it returns. */
package dev.ctx.app;
