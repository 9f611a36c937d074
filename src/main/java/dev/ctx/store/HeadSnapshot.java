package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link Snapshot} backed by one commit of the repository. */
final class HeadSnapshot implements Snapshot {
    private final GitRepo git;
    private final String commit;
    private final CtxConfig config;

    HeadSnapshot(GitRepo git, String commit, CtxConfig config) {
        this.git = git;
        this.commit = commit;
        this.config = config;
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public CtxConfig config() {
        return config;
    }

    @Override
    public Optional<String> read(RepoPath path) throws CtxException {
        if (git.isSymlink(commit, path.value())) {
            throw CtxException.refused(path + " is a symbolic link in the repository; ctx does not follow links");
        }
        byte[] b = git.read(commit, path.value(), config.maxFileBytes());
        return b == null ? Optional.empty() : Optional.of(Text.decode(b, path.value()));
    }

    @Override
    public Optional<FileContent> content(RepoPath path) throws CtxException {
        if (git.isSymlink(commit, path.value())) {
            throw CtxException.refused(path + " is a symbolic link in the repository; ctx does not follow links");
        }
        byte[] b = git.read(commit, path.value(), Math.max(config.maxFileBytes(), config.maxBinaryBytes()));
        return b == null ? Optional.empty() : Optional.of(new FileContent(b, git.isExecutable(commit, path.value())));
    }

    @Override
    public boolean exists(RepoPath path) throws CtxException {
        return git.blobId(commit, path.value()) != null;
    }

    @Override
    public List<RepoPath> list(String prefix) throws CtxException {
        List<RepoPath> out = new ArrayList<>();
        for (String p : git.listPaths(commit, prefix)) {
            out.add(RepoPath.of(p));
        }
        return out;
    }

    /** Whether {@code path} at {@code rev} contains {@code text}; false when anything is unreadable. */
    boolean containsAt(String rev, RepoPath path, String text) {
        try {
            byte[] b = git.read(rev, path.value(), config.maxFileBytes());
            return b != null && Text.decode(b, path.value()).contains(text);
        } catch (CtxException e) {
            return false;
        }
    }
}
