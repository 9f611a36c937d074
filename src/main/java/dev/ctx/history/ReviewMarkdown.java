package dev.ctx.history;

import dev.ctx.model.Finding;
import dev.ctx.model.ReviewReport;
import java.util.List;

/** Renders a {@link ReviewReport} as GitHub-flavoured markdown, for a pull request comment or a CI summary. */
public final class ReviewMarkdown {
    private static final int MAX_FACTS = 30;

    private ReviewMarkdown() {
    }

    public static String render(ReviewReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ctx review: `").append(r.range()).append("`\n\n");
        sb.append(r.commits()).append(" commit").append(r.commits() == 1 ? "" : "s").append(", ").append(r.files().size())
                .append(" file").append(r.files().size() == 1 ? "" : "s").append(" changed (")
                .append(r.base().substring(0, 10)).append("..").append(r.head().substring(0, 10)).append(")\n\n");
        if (r.blocking()) {
            sb.append("**Blocking:**\n");
            r.blockers().forEach(b -> sb.append("- ").append(b).append('\n'));
        } else {
            sb.append("**No blocking findings.**\n");
        }
        sb.append('\n');
        if (!r.files().isEmpty()) {
            sb.append("| file | change | facts added | facts removed | description |\n|---|---|---:|---:|---|\n");
            for (ReviewReport.FileReview f : r.files()) {
                sb.append("| `").append(cell(f.path())).append("` | ").append(change(f)).append(" | ").append(f.factsAdded().size())
                        .append(" | ").append(f.factsRemoved().size()).append(" | ").append(f.descriptionChanged() ? "changed" : "").append(" |\n");
            }
            sb.append('\n');
        }
        ReviewReport.Budget b = r.system();
        sb.append("### Always-loaded context (system/)\n\n");
        sb.append(b.charsBefore()).append(" → ").append(b.charsAfter()).append(" characters (").append(signed(b.charsDelta())).append("), ~")
                .append(b.tokensBefore()).append(" → ~").append(b.tokensAfter()).append(" tokens (").append(signed(b.tokensDelta()))
                .append("); budget ").append(b.budgetChars()).append(" characters / ").append(b.budgetTokens()).append(" tokens")
                .append(b.over() ? " — **over budget**" : "").append("\n\n");
        sb.append("### Validation\n\n");
        if (r.findings().isEmpty()) {
            sb.append("Clean.\n\n");
        } else {
            for (Finding f : r.findings()) {
                sb.append("- ").append(f.isError() ? "**error** " : "warning ").append('`').append(f.path().isEmpty() ? "ctx.yaml" : f.path())
                        .append(f.line() > 0 ? ":" + f.line() : "").append("` ").append(f.rule()).append(": ").append(f.message()).append('\n');
            }
            sb.append('\n');
        }
        if (!r.duplicates().isEmpty()) {
            sb.append("### Likely duplicates and possible contradictions\n\n");
            for (ReviewReport.Duplicate d : r.duplicates()) {
                boolean contradiction = ReviewReport.Duplicate.CONTRADICTION.equals(d.kind());
                sb.append("- `").append(d.path()).append("`: \"").append(d.fact())
                        .append(contradiction ? "\" may contradict `" : "\" is like `").append(d.existingPath())
                        .append("`: \"").append(d.existingFact()).append("\" (").append(d.score()).append(")\n");
            }
            sb.append('\n');
        }
        if (!r.contributors().isEmpty()) {
            sb.append("### Who taught what\n\n| agent | sessions | commits | files |\n|---|---|---:|---|\n");
            for (ReviewReport.Contributor c : r.contributors()) {
                sb.append("| ").append(cell(c.agent())).append(" | ").append(cell(String.join(", ", c.sessions()))).append(" | ").append(c.commits())
                        .append(" | ").append(cell(String.join(", ", c.files()))).append(" |\n");
            }
            sb.append('\n');
        }
        for (ReviewReport.FileReview f : r.files()) {
            if (f.factsAdded().isEmpty() && f.factsRemoved().isEmpty() && !f.descriptionChanged()) {
                continue;
            }
            sb.append("#### `").append(f.path()).append("` (").append(change(f)).append(")\n\n");
            if (!f.agents().isEmpty() || !f.sessions().isEmpty()) {
                sb.append("By ").append(String.join(", ", f.agents())).append(f.sessions().isEmpty() ? "" : " in " + String.join(", ", f.sessions()))
                        .append(".\n\n");
            }
            if (f.descriptionChanged()) {
                sb.append("- description: \"").append(f.descriptionBefore()).append("\" → \"").append(f.descriptionAfter()).append("\"\n");
            }
            facts(sb, "+", f.factsAdded());
            facts(sb, "−", f.factsRemoved());
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void facts(StringBuilder sb, String sign, List<String> facts) {
        for (int i = 0; i < facts.size() && i < MAX_FACTS; i++) {
            sb.append("- ").append(sign).append(' ').append(facts.get(i)).append('\n');
        }
        if (facts.size() > MAX_FACTS) {
            sb.append("- … and ").append(facts.size() - MAX_FACTS).append(" more\n");
        }
    }

    private static String change(ReviewReport.FileReview f) {
        return switch (f.status()) {
            case "renamed" -> "moved from `" + cell(f.oldPath()) + "`";
            case "split" -> "split into " + String.join(", ", f.splitInto().stream().map(p -> "`" + cell(p) + "`").toList());
            default -> f.status();
        };
    }

    private static String signed(int n) {
        return n >= 0 ? "+" + n : String.valueOf(n);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
