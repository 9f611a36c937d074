package dev.ctx.dream;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import java.util.Optional;

/** Parsing for passes: a file that does not parse is left to validation, never rewritten by a pass. */
final class Docs {
    private Docs() {
    }

    static Optional<Document> parse(String text) {
        try {
            return Optional.of(Document.parse(text));
        } catch (FormatException e) {
            return Optional.empty();
        }
    }

    /** Parsed and writable by a pass: not read_only (agents, and so dreams, never change those). */
    static Optional<Document> writable(String text) {
        return parse(text).filter(d -> !d.readOnly());
    }
}
