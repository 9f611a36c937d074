package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Status;
import dev.ctx.model.SystemBudget;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Repository path, branch, head, uncommitted files, validation summary, the always-loaded context against its budget, "
                + "and each remote's commits ahead and behind as of the last sync.")
final class StatusCommand extends BaseCommand {
    StatusCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            Status s = ctx.status();
            SystemBudget b = s.system();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", s.path().toString());
            data.put("branch", s.branch());
            data.put("head", s.head());
            data.put("head_subject", s.headSubject());
            data.put("files", s.files());
            data.put("uncommitted", s.uncommitted());
            data.put("errors", s.errors());
            data.put("warnings", s.warnings());
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("files", b.files());
            budget.put("chars", b.chars());
            budget.put("budget_chars", b.budgetChars());
            budget.put("tokens", b.tokens());
            budget.put("budget_tokens", b.budgetTokens());
            data.put("system", budget);
            data.put("recovered_interrupted_write", s.recoveredInterruptedWrite());
            data.put("remotes", SyncRun.tracking(s.remotes()));
            out().result("status", data, o -> {
                o.println("repository: " + data.get("path"));
                o.println("branch:     " + s.branch() + " at " + s.head().substring(0, 10) + " " + s.headSubject());
                o.println("files:      " + s.files());
                o.println("system/:    " + b.files() + " pinned blocks, " + b.chars() + "/" + b.budgetChars() + " chars, ~"
                        + b.tokens() + "/" + b.budgetTokens() + " tokens (" + b.percent() + "%)");
                o.println("validation: " + (s.errors() + s.warnings() == 0 ? "clean" : s.errors() + " errors, " + s.warnings() + " warnings (run 'ctx validate')"));
                if (s.uncommitted().isEmpty()) {
                    o.println("working tree: clean");
                } else {
                    o.println("uncommitted: " + s.uncommitted().size() + (s.uncommitted().size() == 1 ? " file" : " files"));
                    s.uncommitted().forEach(p -> o.println("  " + p));
                }
                s.remotes().forEach(t -> o.println("remote:     " + SyncRun.describe(t)));
                if (s.recoveredInterruptedWrite()) {
                    o.println("note: finished a write that an interrupted ctx process left half done");
                }
            });
            return ExitCode.OK;
        }
    }
}
