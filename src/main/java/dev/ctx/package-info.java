/** The process entry: wires the adapters (the CLI, the resident server and its thin client) and only exits. */
package dev.ctx;
