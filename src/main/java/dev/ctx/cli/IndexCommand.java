package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.IndexRun;
import dev.ctx.model.IndexStatus;
import dev.ctx.model.UpdateStats;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Inspect or rebuild the search index (a cache under the git directory; deleting it loses nothing).",
        subcommands = {IndexCommand.Status.class, IndexCommand.Update.class, IndexCommand.Rebuild.class})
final class IndexCommand extends BaseCommand {
    IndexCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() {
        spec.commandLine().usage(env.out());
        return ExitCode.OK;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where the index is, which commit and model it reflects, its size and segments, and its last update.")
    static final class Status extends BaseCommand {
        Status(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                IndexStatus s = ctx.indexStatus();
                out().result("index status", json(s), o -> text(o, s));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Catch up with the branch now, embed every chunk still waiting for its vectors, and merge the index into one segment when a large write left several (searches catch up too, but leave new vectors to a background process).")
    static final class Update extends BaseCommand {
        @Option(names = "--background", hidden = true,
                description = "Run as the background embedder a search starts: quietly do nothing when another one runs.")
        boolean background;

        Update(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                if (!background) {
                    // A background embedder already filling this index is waited for, not raced: both would embed the same chunks.
                    IndexRun run = ctx.indexUpdate(
                            () -> env.err().println("ctx: a background embedder is filling this index's vectors; waiting for it rather than embedding the same chunks twice"),
                            ProgressReporter.of(env, global));
                    report(out(), "index update", run);
                    return ExitCode.OK;
                }
                // Logged while the claim is held: whoever waits for the filler to finish also finds its line.
                ctx.indexFill(u -> {
                    env.out().println(env.clock().instant() + " pid " + ProcessHandle.current().pid() + ": " + line(u));
                    env.out().flush();
                });
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Throw the index away and build it again from the branch tip: all text at once (searchable from then on), then the vectors a committed batch at a time, then a merge into one segment.")
    static final class Rebuild extends BaseCommand {
        Rebuild(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                report(out(), "index rebuild", ctx.indexRebuild(ProgressReporter.of(env, global)));
                return ExitCode.OK;
            }
        }
    }

    static Map<String, Object> json(IndexStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", s.location());
        m.put("schema", s.schema());
        m.put("indexed_commit", s.indexedCommit());
        m.put("tip", s.tip());
        m.put("behind", s.behind());
        m.put("model", s.modelId());
        m.put("files", s.files());
        m.put("chunks", s.chunks());
        m.put("pending_chunks", s.pendingChunks());
        m.put("bytes", s.bytes());
        m.put("segments", s.segments());
        m.put("writable", s.writable());
        m.put("last_update", s.lastUpdate() == null ? null : stats(s.lastUpdate()));
        return m;
    }

    /**
     * An update's or rebuild's result, with the chunks it left pending: the vectors stop early when another
     * process keeps the write lock, and the next search's background embedder goes on from there.
     */
    static void report(Output out, String command, IndexRun run) {
        UpdateStats u = run.stats();
        int pending = run.pendingChunks();
        Map<String, Object> data = stats(u);
        data.put("pending_chunks", pending);
        out.result(command, data, o -> o.println(line(u) + (pending > 0 ? "; " + pending + " chunks still pending (another process held"
                + " the index; a search's background embedder goes on, or run 'ctx index update' again)" : "")));
    }

    static Map<String, Object> stats(UpdateStats u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", u.fromCommit());
        m.put("to", u.toCommit());
        m.put("rebuilt", u.rebuilt());
        m.put("files_indexed", u.filesIndexed());
        m.put("files_removed", u.filesRemoved());
        m.put("chunks_written", u.chunksWritten());
        m.put("chunks_embedded", u.chunksEmbedded());
        m.put("millis", u.millis());
        m.put("segments_merged", u.segmentsMerged());
        return m;
    }

    static String line(UpdateStats u) {
        String merged = u.segmentsMerged() > 0 ? "; " + u.segmentsMerged() + " segments merged into one" : "";
        if (!u.changed()) {
            return "index is up to date at " + shortId(u.toCommit())
                    + (u.chunksEmbedded() > 0 ? "; " + u.chunksEmbedded() + " pending chunks embedded" : "") + merged
                    + (u.chunksEmbedded() > 0 || u.segmentsMerged() > 0 ? ", " + u.millis() + " ms" : "");
        }
        return (u.rebuilt() ? "rebuilt at " : "updated " + shortId(u.fromCommit()) + " -> ") + shortId(u.toCommit()) + ": "
                + u.filesIndexed() + " files indexed, " + u.filesRemoved() + " removed, " + u.chunksWritten() + " chunks written, "
                + u.chunksEmbedded() + " embedded" + merged + ", " + u.millis() + " ms";
    }

    private static void text(PrintStream o, IndexStatus s) {
        o.println("index:   " + s.location() + " (schema " + s.schema() + ")");
        o.println("commit:  " + (s.indexedCommit() == null ? "(never built)" : shortId(s.indexedCommit()))
                + (s.behind() ? "  behind the tip " + shortId(s.tip()) + " (the next search catches up)" : "  up to date"));
        o.println("model:   " + ("none".equals(s.modelId()) ? "none (BM25 only)" : s.modelId()));
        o.println("content: " + s.files() + " files, " + s.chunks() + " chunks, " + (s.bytes() + 1023) / 1024 + " KiB in " + s.segments()
                + " segment" + (s.segments() == 1 ? "" : "s"));
        if (s.pendingChunks() > 0) {
            o.println("pending: " + s.pendingChunks() + " chunks wait for their vectors (BM25 finds them; 'ctx index update' embeds them now)");
        }
        o.println("writer:  " + (s.writable() ? "free" : "held by another process"));
        if (s.lastUpdate() != null) {
            o.println("last:    " + line(s.lastUpdate()));
        }
    }

    private static String shortId(String id) {
        return id == null ? "(none)" : id.substring(0, Math.min(10, id.length()));
    }
}
