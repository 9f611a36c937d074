package dev.ctx.format;

import dev.ctx.model.Finding;
import dev.ctx.model.Severity;
import java.util.List;
import java.util.stream.Collectors;

/** Compact views of findings for assertions: "rule@line" and "rule@line!" for warnings. */
final class Checks {
    private Checks() {
    }

    static List<String> brief(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.rule() + "@" + f.line() + (f.severity() == Severity.WARNING ? "!" : ""))
                .collect(Collectors.toList());
    }

    static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).collect(Collectors.toList());
    }

    static String memory(String frontMatter, String body) {
        return "---\n" + frontMatter + "---\n" + body;
    }
}
