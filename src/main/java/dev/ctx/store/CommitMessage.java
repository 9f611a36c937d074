package dev.ctx.store;

import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import java.util.List;
import java.util.Map;

/**
 * Commit messages in memory terms: a readable subject {@code op(label): summary} and the Ctx-* trailers
 * that make every change auditable (DESIGN section 3). Trailer values are single lines by construction.
 */
public final class CommitMessage {
    public static final String OP = "Ctx-Op";
    public static final String AGENT = "Ctx-Agent";
    public static final String SESSION = "Ctx-Session";
    public static final String REASON = "Ctx-Reason";
    private static final int SUBJECT_MAX = 72;

    private CommitMessage() {
    }

    static String subject(Operation op, Change change) {
        List<RepoPath> named = op.subjectPaths();
        String target;
        if (named.isEmpty()) {
            String summary = change.summary().replaceAll("\\s+", " ").strip();
            return summary.isEmpty() ? op.op() + "(" + change.files().size() + " files)" : truncate(op.op() + ": " + summary);
        } else if (named.size() == 1) {
            target = named.get(0).label();
        } else if (named.size() == 2) {
            target = named.get(0).label() + " -> " + named.get(1).label();
        } else {
            target = named.get(0).label() + " +" + (named.size() - 1);
        }
        String head = op.op() + "(" + target + ")";
        String summary = change.summary().replaceAll("\\s+", " ").strip();
        if (summary.isEmpty()) {
            return head;
        }
        return truncate(head + ": " + summary);
    }

    private static String truncate(String s) {
        return s.length() <= SUBJECT_MAX ? s : s.substring(0, SUBJECT_MAX - 1).strip() + "…";
    }

    static String full(String subject, Operation op, Provenance who) {
        StringBuilder sb = new StringBuilder(subject).append("\n\n");
        trailer(sb, OP, op.op());
        trailer(sb, AGENT, who.agent());
        trailer(sb, SESSION, who.session());
        trailer(sb, REASON, who.reason());
        for (Map.Entry<String, String> t : op.trailers().entrySet()) {
            trailer(sb, t.getKey(), t.getValue());
        }
        return sb.toString();
    }

    private static void trailer(StringBuilder sb, String key, String value) {
        if (value != null && !value.isBlank()) {
            sb.append(key).append(": ").append(value.replaceAll("[\\r\\n]+", " ").strip()).append('\n');
        }
    }
}
