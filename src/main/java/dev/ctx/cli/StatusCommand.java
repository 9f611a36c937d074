package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.format.CtxConfig;
import dev.ctx.format.Validator;
import dev.ctx.git.CommitInfo;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Repository path, branch, head, uncommitted files, validation summary, and the always-loaded context against its budget.")
final class StatusCommand extends BaseCommand {
    StatusCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            ContextStore store = ctx.store();
            boolean recovered = store.recover();
            String tip = store.git().tip();
            CommitInfo head = store.git().commitInfo(tip);
            CtxConfig config = store.config();
            Set<String> uncommitted = store.git().uncommitted();
            Map<RepoPath, byte[]> files = store.files(tip);
            List<Finding> findings = new Validator(config).checkRepository(files);
            long errors = findings.stream().filter(Finding::isError).count();
            Map<RepoPath, String> system = new HashMap<>();
            files.forEach((p, b) -> {
                if (p.isSystem()) {
                    system.put(p, new String(b, java.nio.charset.StandardCharsets.UTF_8));
                }
            });
            int chars = Validator.systemChars(system);
            int tokens = CtxConfig.estimateTokens(chars);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("path", store.root().toString());
            data.put("branch", store.git().branch());
            data.put("head", tip);
            data.put("head_subject", head.subject());
            data.put("files", files.size());
            data.put("uncommitted", new ArrayList<>(uncommitted));
            data.put("errors", errors);
            data.put("warnings", findings.size() - errors);
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("files", system.size());
            budget.put("chars", chars);
            budget.put("budget_chars", config.systemBudgetChars());
            budget.put("tokens", tokens);
            budget.put("budget_tokens", config.systemBudgetTokens());
            data.put("system", budget);
            data.put("recovered_interrupted_write", recovered);
            out().result("status", data, o -> {
                o.println("repository: " + data.get("path"));
                o.println("branch:     " + data.get("branch") + " at " + tip.substring(0, 10) + " " + head.subject());
                o.println("files:      " + files.size());
                o.println("system/:    " + system.size() + " pinned blocks, " + chars + "/" + config.systemBudgetChars() + " chars, ~"
                        + tokens + "/" + config.systemBudgetTokens() + " tokens (" + (100L * chars / Math.max(1, config.systemBudgetChars())) + "%)");
                o.println("validation: " + (findings.isEmpty() ? "clean" : errors + " errors, " + (findings.size() - errors) + " warnings (run 'ctx validate')"));
                if (uncommitted.isEmpty()) {
                    o.println("working tree: clean");
                } else {
                    o.println("uncommitted: " + uncommitted.size() + " files");
                    uncommitted.forEach(p -> o.println("  " + p));
                }
                if (recovered) {
                    o.println("note: finished a write that an interrupted ctx process left half done");
                }
            });
            return ExitCode.OK;
        }
    }
}
