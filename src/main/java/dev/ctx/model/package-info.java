/** Immutable value types shared by every layer: repository paths, kinds, provenance, the checked error. */
package dev.ctx.model;
