package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.BlameEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "blame", mixinStandardHelpOptions = true,
        description = "Per line of a memory file: the commit, agent, session and date that taught it (following renames).")
final class BlameCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File path or label.")
    String pathArg;

    @Option(names = "--at", paramLabel = "REV", description = "Blame the file as it was at this revision.")
    String at;

    BlameCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            List<BlameEntry> lines = ctx.blame(path(pathArg), at);
            List<Map<String, Object>> json = new ArrayList<>();
            int agentWidth = 5;
            int sessionWidth = 7;
            for (BlameEntry e : lines) {
                agentWidth = Math.max(agentWidth, e.agent() == null ? 1 : e.agent().length());
                sessionWidth = Math.max(sessionWidth, e.session() == null ? 1 : e.session().length());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", e.line());
                m.put("commit", e.commit());
                m.put("agent", e.agent());
                m.put("session", e.session());
                m.put("op", e.op());
                m.put("time", e.time() == null ? null : e.time().toString());
                m.put("source_path", e.sourcePath());
                m.put("text", e.text());
                json.add(m);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", path(pathArg).value());
            data.put("lines", json);
            String fmt = "%s %-" + agentWidth + "s %-" + sessionWidth + "s %s %" + String.valueOf(lines.size()).length() + "d| %s%n";
            out().result("blame", data, o -> {
                for (BlameEntry e : lines) {
                    o.printf(fmt, e.commit() == null ? "??????????" : e.commit().substring(0, 10), e.agent() == null ? "-" : e.agent(),
                            e.session() == null ? "-" : e.session(), e.time() == null ? "" : e.time().toString().substring(0, 10), e.line(), e.text());
                }
            });
            return ExitCode.OK;
        }
    }
}
