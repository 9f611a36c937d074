package dev.ctx.format;

import dev.ctx.model.RepoPath;
import dev.ctx.model.SystemBudget;
import java.util.Map;

/** The one computation of the system/ budget: every caller measures the same way, so their figures agree. */
public final class SystemBudgets {
    private SystemBudgets() {
    }

    /** Measures the {@code system/**.md} files among {@code texts} (other paths are ignored) against {@code config}. */
    public static SystemBudget measure(CtxConfig config, Map<RepoPath, String> texts) {
        int files = (int) texts.keySet().stream().filter(RepoPath::isSystem).count();
        int chars = Validator.systemChars(texts);
        return new SystemBudget(files, chars, CtxConfig.estimateTokens(chars), config.systemBudgetChars(), config.systemBudgetTokens());
    }
}
