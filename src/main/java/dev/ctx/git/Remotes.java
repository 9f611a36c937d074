package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The remotes of a repository and the two network operations sync needs: fetch a branch's objects
 * (reporting the tip the remote advertised) and push one commit to a branch as a compare-and-swap
 * against the tip last seen there, never forced. Every message passes through {@link RemoteAccess#redact}.
 */
public final class Remotes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int TIMEOUT_SECONDS = 60;

    /** A configured remote; the URL is shown redacted. */
    public record Remote(String name, String url) {
    }

    /** What a push did: the branch there now holds the commit, or someone moved it first. */
    public enum Pushed { UPDATED, MOVED }

    private final GitRepo git;
    private final RemoteAccess access;

    public Remotes(GitRepo git, RemoteAccess access) {
        this.git = git;
        this.access = access;
    }

    public List<Remote> list() throws CtxException {
        try {
            List<Remote> out = new ArrayList<>();
            for (RemoteConfig rc : RemoteConfig.getAllRemoteConfigs(repo().getConfig())) {
                String url = rc.getURIs().isEmpty() ? "" : rc.getURIs().get(0).toString();
                out.add(new Remote(rc.getName(), access.redact(url)));
            }
            return out;
        } catch (URISyntaxException e) {
            throw new CtxException(Problem.IO, "a remote in .git/config has an invalid URL: " + access.redact(e.getMessage()) + "; fix it with 'git remote -v'", e);
        }
    }

    public boolean exists(String name) throws CtxException {
        return list().stream().anyMatch(r -> r.name().equals(name));
    }

    /** Adds {@code name} -> {@code url}; refuses a bad name, an existing name and a URL that carries a password. */
    public void add(String name, String url) throws CtxException {
        checkName(name);
        if (exists(name)) {
            throw CtxException.conflict("remote '" + name + "' exists already; 'ctx remote remove " + name + "' first, or choose another name");
        }
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new CtxException(Problem.USAGE, "'" + access.redact(url) + "' is not a git URL: give a path, file://, ssh:// or https:// URL");
        }
        checkNoPassword(url, access);
        try {
            StoredConfig config = repo().getConfig();
            RemoteConfig rc = new RemoteConfig(config, name);
            rc.addURI(uri);
            rc.addFetchRefSpec(new RefSpec("+refs/heads/*:refs/remotes/" + name + "/*"));
            rc.update(config);
            config.save();
        } catch (URISyntaxException | IOException e) {
            throw GitRepo.io("save remote '" + name + "' in .git/config", e);
        }
    }

    /** Removes {@code name} and its remote-tracking refs. */
    public void remove(String name) throws CtxException {
        checkName(name);
        if (!exists(name)) {
            throw CtxException.notFound("no remote named '" + name + "'; see 'ctx remote list'");
        }
        try {
            StoredConfig config = repo().getConfig();
            config.unsetSection("remote", name);
            config.save();
            Refs refs = new Refs(git);
            for (String prefix : List.of("refs/remotes/" + name + "/", Refs.SYNC_PREFIX + name + "/")) {
                for (String ref : refs.names(prefix)) {
                    refs.delete(ref);
                }
            }
        } catch (IOException e) {
            throw GitRepo.io("remove remote '" + name + "' from .git/config", e);
        }
    }

    /**
     * Fetches every branch of {@code remote} into ctx's own staging refs (not the remote-tracking refs, which
     * sync moves only once it has accepted what it fetched) and returns the tip the remote advertised for
     * {@code branch}, or null when the remote has no such branch (an empty remote).
     */
    public String fetch(String remote, String branch) throws CtxException {
        SshAgent agent = new SshAgent(access.agentSocket());
        try (SshdSessionFactory ssh = sshFactory(access, agent); Transport t = open(remote, ssh)) {
            FetchResult r = t.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/heads/*:" + Refs.SYNC_PREFIX + remote + "/*")));
            Ref tip = r.getAdvertisedRef("refs/heads/" + branch);
            return tip == null || tip.getObjectId() == null ? null : tip.getObjectId().name();
        } catch (IOException | RuntimeException e) {
            throw failure(access, agent, "fetch from remote '" + remote + "'", e);
        }
    }

    /**
     * Pushes {@code commit} to {@code branch} of {@code remote}, only if the remote branch still points at
     * {@code expected} (null: it must not exist yet). Never forced: a remote that moved answers MOVED, and
     * anything else the remote refuses (a hook, a protected branch) is one clear error.
     */
    public Pushed push(String remote, String commit, String branch, String expected) throws CtxException {
        String ref = "refs/heads/" + branch;
        SshAgent agent = new SshAgent(access.agentSocket());
        try (SshdSessionFactory ssh = sshFactory(access, agent); Transport t = open(remote, ssh)) {
            RemoteRefUpdate u = new RemoteRefUpdate(repo(), commit, ref, false, null,
                    expected == null ? ObjectId.zeroId() : ObjectId.fromString(expected));
            PushResult result = t.push(NullProgressMonitor.INSTANCE, List.of(u));
            RemoteRefUpdate done = result.getRemoteUpdate(ref);
            RemoteRefUpdate.Status s = done == null ? u.getStatus() : done.getStatus();
            return switch (s) {
                case OK, UP_TO_DATE -> Pushed.UPDATED;
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> Pushed.MOVED;
                // another push holds the remote's ref lock this instant: the same as a remote that moved
                case REJECTED_OTHER_REASON -> {
                    if (done != null && done.getMessage() != null && done.getMessage().contains("lock")) {
                        yield Pushed.MOVED;
                    }
                    throw new CtxException(Problem.IO, "the remote '" + remote + "' refused the push to " + branch + " (" + s
                            + (done != null && done.getMessage() != null ? ": " + access.redact(done.getMessage()) : "")
                            + "); nothing local was lost; check the branch's protection or hooks on the host");
                }
                default -> throw new CtxException(Problem.IO, "the remote '" + remote + "' refused the push to " + branch + " (" + s
                        + (done != null && done.getMessage() != null ? ": " + access.redact(done.getMessage()) : "")
                        + "); nothing local was lost; check the branch's protection or hooks on the host");
            };
        } catch (IOException | RuntimeException e) {
            throw failure(access, agent, "push to remote '" + remote + "'", e);
        }
    }

    private Transport open(String remote, SshdSessionFactory ssh) throws CtxException, IOException {
        if (!exists(remote)) {
            throw CtxException.notFound("no remote named '" + remote + "'; add one with 'ctx remote add " + remote + " URL'");
        }
        Transport t;
        try {
            t = Transport.open(repo(), remote);
        } catch (URISyntaxException e) {
            throw new CtxException(Problem.IO, "remote '" + remote + "' has an invalid URL; fix it with 'ctx remote remove' and 'ctx remote add'", e);
        }
        configure(t, access, ssh);
        return t;
    }

    /** What every transport of ctx gets, for sync and for clone alike: a timeout, ctx's credentials, ctx's SSH client. */
    static void configure(Transport t, RemoteAccess access, SshdSessionFactory ssh) {
        t.setTimeout(TIMEOUT_SECONDS);
        t.setCredentialsProvider(new Credentials(access));
        if (t instanceof SshTransport s) {
            s.setSshSessionFactory(ssh);
        }
    }

    /**
     * An SSH client reading keys, known_hosts and config from the given home, never from the JVM's user.home,
     * and asking the SSH agent first when there is one.
     */
    static SshdSessionFactory sshFactory(RemoteAccess access, SshAgent agent) {
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(access.home().toFile())
                .setSshDirectory(access.home().resolve(".ssh").toFile())
                .setConnectorFactory(agent)
                .build(new JGitKeyCache());
    }

    /** One line: what failed ({@code what}, e.g. "fetch from remote 'origin'"), the transport's reason redacted, and what to do. */
    static CtxException failure(RemoteAccess access, SshAgent agent, String what, Exception e) {
        return failure(access, agent, what, e, "the SSH host is not in ~/.ssh/known_hosts: check its fingerprint, then connect once with 'ssh' or rerun with --accept-new-host");
    }

    /** As {@link #failure(RemoteAccess, SshAgent, String, Exception)}, with {@code hostHint} for an unknown SSH host. */
    static CtxException failure(RemoteAccess access, SshAgent agent, String what, Exception e, String hostHint) {
        if (e instanceof CtxException c) {
            return c;
        }
        String reason = access.redact(GitRepo.oneLine(rootMessage(e)));
        String hint;
        if (e instanceof NoRemoteRepositoryException) {
            hint = "check the URL ('ctx remote list') and that the repository exists";
        } else if (reason.contains("not authorized") || reason.contains("Authentication") || reason.contains("auth")) {
            hint = agent.unreachable() != null
                    ? agent.unreachable() + ", and no key file in ~/.ssh was accepted: start the agent and 'ssh-add' your key, or unset SSH_AUTH_SOCK"
                    : "check your access: an SSH key in ~/.ssh or the SSH agent, or an HTTPS token in $" + access.tokenVariable() + " or a git credential helper";
        } else if (reason.toLowerCase(java.util.Locale.ROOT).contains("host key") || reason.contains("known_hosts") || reason.contains("Server key")) {
            hint = hostHint;
        } else {
            hint = "nothing local was changed; check the network and the URL, then retry";
        }
        return new CtxException(Problem.IO, "cannot " + what + ": " + reason + "; " + hint, e);
    }

    /** Refuses a URL with a password or token in it: git would store it in .git/config and show it. */
    static void checkNoPassword(String url, RemoteAccess access) throws CtxException {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new CtxException(Problem.USAGE, "'" + access.redact(url) + "' is not a git URL: give a path, file://, ssh:// or https:// URL");
        }
        if (uri.getPass() != null) {
            throw CtxException.refused("the URL carries a password or token, which would be stored in .git/config and shown by git; give it without one "
                    + "and put the token in $" + access.tokenVariable() + " or a git credential helper");
        }
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        while (c != null && c != e) {
            if (c.getMessage() != null && (m == null || !m.contains(c.getMessage()))) {
                m = (m == null ? "" : m + ": ") + c.getMessage();
            }
            e = c;
            c = c.getCause();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void checkName(String name) throws CtxException {
        if (name == null || !NAME.matcher(name).matches() || !Repository.isValidRefName("refs/remotes/" + name + "/x")) {
            throw new CtxException(Problem.USAGE, "'" + name + "' is not a remote name: use letters, digits, '.', '_' and '-', e.g. origin");
        }
    }

    private Repository repo() {
        return git.jgit();
    }
}
