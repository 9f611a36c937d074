/** Embedders: the builtin e5 model, OpenAI-compatible endpoints, the on-disk cache and the warm server. */
package dev.ctx.index.embed;
