package dev.ctx.model;

/**
 * Where long work reports how far it has come: files read by an ingest, chunks embedded by an index
 * update. The library only counts; the CLI decides how to show it (a bar on a terminal, plain lines
 * otherwise, nothing in --json mode).
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long total) {
        }

        @Override
        public void advance(long by) {
        }

        @Override
        public void end() {
        }
    };

    /** A task of {@code total} steps starts (0 or less: unknown). */
    void begin(String task, long total);

    void advance(long by);

    void end();
}
