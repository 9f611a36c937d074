package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.ContextFormat;
import dev.ctx.model.ContextResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "context", mixinStandardHelpOptions = true,
        description = {"Print what an agent should see at the start of a session: all of system/ in full, the tree of on-demand memory "
                + "with descriptions, and the skills catalog.",
            "The order is fixed, so the same commit gives byte-identical output and prompt caches stay warm. "
                + "Parts that do not fit the budget are cut whole and named at the end; every part carries its token estimate."})
final class ContextCommand extends BaseCommand {
    @Option(names = "--budget", paramLabel = "TOKENS", description = "The most estimated tokens to print (default: 8000).")
    Integer budget;

    @Option(names = "--query", paramLabel = "TEXT", description = "The task at hand: adds the most relevant on-demand chunks found by search.")
    String query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "md (markdown), xml (tagged text; the skills catalog as Agent Skills <available_skills>) or json.")
    String format;

    ContextCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        ContextFormat f;
        try {
            f = ContextFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (budget != null && budget < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--budget must be at least 1 token, not " + budget);
        }
        try (Ctx ctx = open()) {
            ContextResult r = ctx.context(budget, query, f);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("commit", r.commit());
            data.put("format", f.label());
            data.put("budget_tokens", r.budgetTokens());
            data.put("tokens", r.tokens());
            data.put("parts", r.parts());
            data.put("cut", r.cut());
            data.put("text", r.text());
            out().result("context", data, o -> o.print(r.text()));
            return ExitCode.OK;
        }
    }
}
