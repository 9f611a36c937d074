/**
 * {@code ctx mcp}: the Model Context Protocol over stdio, an adapter over {@code app} like the CLI (it imports
 * only app, model, the MCP SDK and Jackson). Every tool call opens the repository afresh, so a commit made by
 * the CLI or another process meanwhile is seen at once; stdout carries only the protocol.
 */
package dev.ctx.mcp;
