package dev.ctx.git;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How ctx reaches a remote: the home whose {@code .ssh} holds keys and known_hosts, the process
 * environment (a token variable, {@code PATH} for git's credential helpers), the name of the variable that
 * holds an HTTPS token, the SSH agent's socket ({@code SSH_AUTH_SOCK}), and whether an SSH host not yet in known_hosts may be accepted and remembered.
 * It never renders itself: {@link #redact} is how anything derived from a URL or a transport error is shown.
 */
public record RemoteAccess(Path home, Map<String, String> env, String tokenVariable, boolean acceptNewHost, boolean credentialHelpers) {
    /** The variable an HTTPS token is read from unless ctx.yaml's {@code sync.token_env} names another. */
    public static final String DEFAULT_TOKEN_VARIABLE = "CTX_SYNC_TOKEN";
    private static final Pattern USERINFO_SECRET = Pattern.compile("(://[^/@\\s:]*):[^@/\\s]*@");

    public RemoteAccess {
        env = Map.copyOf(env);
        tokenVariable = tokenVariable == null || tokenVariable.isBlank() ? DEFAULT_TOKEN_VARIABLE : tokenVariable;
    }

    /** The token, or null when the variable is unset or empty. */
    String token() {
        String t = env.get(tokenVariable);
        return t == null || t.isBlank() ? null : t;
    }

    /** The SSH agent's socket as the environment names it ({@code SSH_AUTH_SOCK}), or null. */
    String agentSocket() {
        String s = env.get("SSH_AUTH_SOCK");
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code text} with any password in a URL and the token's value replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String s = USERINFO_SECRET.matcher(text).replaceAll("$1:***@");
        String t = token();
        if (t != null && t.length() >= 4) {
            s = s.replace(t, "***");
        }
        return s;
    }
}
