package dev.ctx.format;

import dev.ctx.model.Finding;
import java.nio.file.FileSystems;
import java.util.List;

/** The rules of {@code ctx.yaml}: it parses as {@link CtxConfig#parse} reads it, and every override glob compiles. */
final class ConfigRules {
    private ConfigRules() {
    }

    static void check(String text, List<Finding> out) {
        CtxConfig config;
        try {
            config = CtxConfig.parse(text);
        } catch (FormatException e) {
            out.add(Finding.error(CtxConfig.FILE, Math.max(1, e.line()), e.rule(), e.getMessage()));
            return;
        }
        for (CtxConfig.GlobLimit g : config.overrides()) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + g.glob());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                out.add(Finding.error(CtxConfig.FILE, lineContaining(text, g.glob()), "config-glob",
                        "limits.overrides glob \"" + g.glob() + "\" is not a valid glob: " + Document.oneLine(e.getMessage())));
            }
            if (g.limit() < 1) {
                out.add(Finding.error(CtxConfig.FILE, lineContaining(text, g.glob()), "config-value",
                        "limits.overrides \"" + g.glob() + "\" must be a positive number of characters, not " + g.limit()));
            }
        }
    }

    private static int lineContaining(String text, String needle) {
        int i = text.indexOf(needle);
        return i < 0 ? 1 : Lines.at(text, i);
    }
}
