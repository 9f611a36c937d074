package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import java.util.List;
import java.util.Optional;

/** A read-only view of the repository at one commit: what an {@link Operation} plans its change against. */
public interface Snapshot {
    /** The commit id (hex) this snapshot shows, or null for an empty repository. */
    String commit();

    CtxConfig config();

    /** The file's text at this commit, empty when absent. Refuses binary or non-UTF-8 content. */
    Optional<String> read(RepoPath path) throws CtxException;

    /** The file's bytes and mode at this commit, empty when absent (a skill's binary asset or script; nothing is decoded). */
    Optional<FileContent> content(RepoPath path) throws CtxException;

    boolean exists(RepoPath path) throws CtxException;

    /** Every file path at this commit under {@code prefix} ("" for all), sorted. */
    List<RepoPath> list(String prefix) throws CtxException;
}
