/** {@code ctx import}: plans what CLAUDE.md, AGENTS.md, Letta agent files and Letta Code memory repositories become in ctx's layout. */
package dev.ctx.imports;
