package dev.ctx.store;

import dev.ctx.format.PathRules;
import dev.ctx.format.SecretScanner;
import dev.ctx.model.CtxException;
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
    /** Characters of a --reason: a sentence or a short paragraph, never a pasted file. */
    public static final int MAX_REASON = 1000;
    /** Characters of an --agent or --session value. */
    public static final int MAX_NAME = 200;
    private static final SecretScanner SECRETS = new SecretScanner();

    private CommitMessage() {
    }

    static String subject(Operation op, Change change) {
        List<RepoPath> named = op.subjectPaths();
        String target;
        if (named.isEmpty()) {
            String summary = change.summary().replaceAll("\\s+", " ").strip();
            return summary.isEmpty() ? op.op() + "(" + change.all().size() + " files)" : truncate(op.op() + ": " + summary);
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
            return truncate(head);
        }
        return truncate(head + ": " + summary);
    }

    /**
     * Redacts before cutting (a cut token no longer matches its pattern) and shows control characters as
     * escapes. The subject is ctx's own summary of the text, so a secret in it is redacted rather than refused:
     * 'ctx replace' removing a secret from a file must still be possible.
     */
    private static String truncate(String s) {
        s = PathRules.printable(SECRETS.redact(s));
        return s.length() <= SUBJECT_MAX ? s : s.substring(0, SUBJECT_MAX - 1).strip() + "…";
    }

    /**
     * Refuses a commit whose message (subject from the text, trailers from --agent, --session and --reason)
     * would carry a likely secret or an unbounded value into history; names the option it came from.
     */
    static void refuseSecrets(Provenance who, String message) throws CtxException {
        bound("--agent", who.agent(), MAX_NAME);
        bound("--session", who.session(), MAX_NAME);
        bound("--reason", who.reason(), MAX_REASON);
        secret("--agent", who.agent());
        secret("--session", who.session());
        secret("--reason", who.reason());
        secret("the commit message built from the text", message);
    }

    private static void bound(String what, String value, int max) throws CtxException {
        if (value != null && value.length() > max) {
            throw CtxException.refused(what + " is " + value.length() + " characters, over its bound of " + max + "; shorten it (nothing was changed)");
        }
    }

    private static void secret(String what, String value) throws CtxException {
        if (value == null) {
            return;
        }
        List<SecretScanner.Match> found = SECRETS.scan(value);
        if (!found.isEmpty()) {
            throw CtxException.refused(what + " holds a likely secret (" + found.get(0).kind() + ", " + found.get(0).masked()
                    + "); commit messages reach history: remove it, and rotate the credential if it was ever shared (nothing was changed)");
        }
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
            sb.append(key).append(": ").append(PathRules.printable(value.replaceAll("[\\r\\n]+", " ").strip())).append('\n');
        }
    }
}
