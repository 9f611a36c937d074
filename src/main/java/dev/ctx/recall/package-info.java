/** Transcript ingestion: parses agent transcripts into a neutral model and renders them as recall markdown. */
package dev.ctx.recall;
