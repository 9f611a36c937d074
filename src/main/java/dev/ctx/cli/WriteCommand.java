package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.Provenance;
import dev.ctx.model.WriteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** A command that makes one commit: shares --reason and the way a write is reported. */
abstract class WriteCommand extends BaseCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
    String reason;

    WriteCommand(Env env) {
        super(env);
    }

    /** The one use case of {@link Ctx} this command runs. */
    abstract WriteResult write(Ctx ctx, Provenance who) throws Exception;

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            report(write(ctx, who(reason)));
            return ExitCode.OK;
        }
    }

    void report(WriteResult r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changed", r.changed());
        data.put("commit", r.commit());
        data.put("op", r.op());
        data.put("paths", r.paths());
        data.put("subject", r.subject());
        data.put("attempts", r.attempts());
        data.put("left_alone", r.leftAlone());
        out().result(name(), data, o -> {
            if (!r.changed()) {
                o.println("unchanged: nothing to commit");
                return;
            }
            o.println(r.commit().substring(0, 10) + " " + r.subject());
            for (String p : r.leftAlone()) {
                o.println("note: " + p + " was edited in the working tree meanwhile; your copy was left alone (git shows it as an unstaged change on top of this commit)");
            }
        });
    }
}
