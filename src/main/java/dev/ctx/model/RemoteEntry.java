package dev.ctx.model;

/** A configured remote as shown to a person: its name and its URL with any secret redacted. */
public record RemoteEntry(String name, String url) {
}
