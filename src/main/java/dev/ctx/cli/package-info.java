/** The picocli command line: one class per command, shared options, exit codes, text and JSON rendering. */
package dev.ctx.cli;
