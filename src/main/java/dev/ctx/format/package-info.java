/** Memory and skill files: front-matter parsing and writing, ctx.yaml, validation rules, markdown structure. */
package dev.ctx.format;
