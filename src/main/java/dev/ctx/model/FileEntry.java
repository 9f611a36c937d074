package dev.ctx.model;


/** One file as listings show it: path, kind, whether pinned in system/, description, body size, read_only. */
public record FileEntry(String path, Kind kind, boolean system, String description, int bodyChars, boolean readOnly) {
}
