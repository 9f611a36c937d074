package dev.ctx.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers JGit's questions without a terminal: an HTTPS user and password come from the token variable,
 * else from git's credential helpers ({@code git credential fill}, never prompting); an SSH host that is
 * not in known_hosts is accepted only when the user said so. Nothing here is ever logged or printed.
 */
final class Credentials extends CredentialsProvider {
    private static final long HELPER_SECONDS = 10;
    private final RemoteAccess access;

    Credentials(RemoteAccess access) {
        this.access = access;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem i : items) {
            if (!(i instanceof CredentialItem.Username || i instanceof CredentialItem.Password
                    || i instanceof CredentialItem.YesNoType || i instanceof CredentialItem.InformationalMessage)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        boolean wantsSecret = false;
        StringBuilder said = new StringBuilder();
        for (CredentialItem i : items) {
            said.append(i.getPromptText()).append('\n');
        }
        // JGit's SSH client asks yes/no only about host keys: a new host ("cannot be established", then creating
        // known_hosts if it is missing) may be accepted when the user said so; a host whose key changed never is (that is what a man in the middle looks like).
        boolean newHost = (said.indexOf("cannot be established") >= 0 || (said.indexOf("Create file") >= 0 && said.indexOf("known_hosts") >= 0))
                && said.toString().toUpperCase(java.util.Locale.ROOT).indexOf("CHANGED") < 0;
        for (CredentialItem i : items) {
            if (i instanceof CredentialItem.YesNoType yn) {
                if (!access.acceptNewHost() || !newHost) {
                    return false;
                }
                yn.setValue(true);
            } else if (i instanceof CredentialItem.Username || i instanceof CredentialItem.Password) {
                wantsSecret = true;
            }
        }
        if (!wantsSecret) {
            return true;
        }
        if (uri == null || uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            // Over SSH a password prompt is a key's passphrase or a login: an HTTPS token is never the answer.
            return false;
        }
        Map<String, String> found = secretFor(uri);
        if (found == null) {
            return false;
        }
        for (CredentialItem i : items) {
            if (i instanceof CredentialItem.Username u) {
                u.setValue(found.get("username"));
            } else if (i instanceof CredentialItem.Password p) {
                p.setValue(found.get("password").toCharArray());
            }
        }
        return true;
    }

    private Map<String, String> secretFor(URIish uri) {
        String token = access.token();
        if (token != null) {
            Map<String, String> m = new HashMap<>();
            // Hosts accept any user name with a personal access token; a user in the URL is kept.
            m.put("username", uri.getUser() != null ? uri.getUser() : "ctx");
            m.put("password", token);
            return m;
        }
        return access.credentialHelpers() ? helper(uri) : null;
    }

    /** Asks git's configured credential helpers; null when git is missing, no helper knows, or it takes too long. */
    private Map<String, String> helper(URIish uri) {
        StringBuilder req = new StringBuilder();
        req.append("protocol=").append(uri.getScheme() == null ? "https" : uri.getScheme()).append('\n');
        req.append("host=").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "").append('\n');
        if (uri.getPath() != null && !uri.getPath().isEmpty()) {
            req.append("path=").append(uri.getPath().replaceFirst("^/", "")).append('\n');
        }
        if (uri.getUser() != null) {
            req.append("username=").append(uri.getUser()).append('\n');
        }
        req.append('\n');
        ProcessBuilder pb = new ProcessBuilder("git", "credential", "fill");
        pb.environment().clear();
        pb.environment().putAll(access.env());
        pb.environment().put("HOME", access.home().toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_ASKPASS", "true");
        pb.environment().remove("SSH_ASKPASS");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(req.toString().getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream o = p.getInputStream()) {
                o.transferTo(out);
            }
            if (!p.waitFor(HELPER_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0) {
                return null;
            }
            Map<String, String> m = new HashMap<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            String pass = m.get("password");
            if (pass == null || pass.isEmpty()) {
                return null;
            }
            m.putIfAbsent("username", "ctx");
            return m;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
