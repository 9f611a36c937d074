/** Wiring ctx into coding agents (Claude Code, Codex): their MCP entries, hooks, instructions and skills, merged into the files they read. */
package dev.ctx.agents;
