package dev.ctx.store;

import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a write between "commit object written" and "working tree in step". A process killed in
 * that window leaves it behind; the next writer (holding the write lock) finishes the job: it removes
 * lock files the dead process created after the journal (git would otherwise refuse every later update)
 * and brings the working tree and index up to the commit if the branch got it.
 *
 * <p>Each worktree has its own journal ({@link GitRepo#worktreeCtxDir()}): what recovery repairs (working
 * tree, index, index lock) belongs to one worktree, so a command in another worktree must never find, replay
 * or drop it. The write lock stays common to all worktrees: whoever holds it knows that every journal of the
 * repository belongs to a dead writer, and the branch lock the journal names is in the common dir.
 */
final class Journal {
    private final Path file;

    Journal(Path worktreeCtxDir) {
        this.file = worktreeCtxDir.resolve("journal");
    }

    private long started;
    private boolean published;

    /**
     * Marks the start of a write, before any git lock is taken: lock files no older than this are ours.
     * The time is the journal file's own modification time, read back, because lock files get theirs from
     * the same (coarse) file-system clock, which can lag the JVM clock by milliseconds.
     */
    void begin() throws CtxException {
        published = false;
        try {
            // A bare marker, no rename: its modification time is the start; a torn write still marks it.
            Files.createDirectories(file.getParent());
            Files.write(file, "started ?\n".getBytes(StandardCharsets.UTF_8));
            started = Files.getLastModifiedTime(file).toMillis();
            // The next write's begin() may land in the same millisecond as this one's lock files: a
            // lock is only treated as stale if it is at least as new as this marker.
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records the commit about to be published, so a crash after the branch moves can be finished. */
    void committing(String ref, String from, String to, List<String> paths) throws CtxException {
        StringBuilder sb = new StringBuilder("started " + started + "\n");
        // The branch it locks: HEAD may have been switched to another branch by the time anyone recovers.
        sb.append("ref ").append(ref).append('\n');
        sb.append("from ").append(from == null ? "-" : from).append('\n');
        sb.append("to ").append(to).append('\n');
        for (String p : paths) {
            sb.append("path ").append(p).append('\n');
        }
        write(sb.toString());
    }

    private void write(String text) throws CtxException {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("journal.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The branch now points at the journalled commit: from here on only recovery may drop the record. */
    void published() {
        published = true;
    }

    /** Drops the record of a write that failed before publishing its commit (nothing to finish). */
    void abandon() throws CtxException {
        if (!published) {
            end();
        }
    }

    void end() throws CtxException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot remove the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Finishes an interrupted write, if any. Must be called while holding the write lock. Returns whether it did. */
    boolean recover(GitRepo git) throws CtxException {
        if (!Files.exists(file)) {
            return false;
        }
        Entry e = read();
        String branch = git.branchRef();
        // A journal from before the ref was recorded names none: then it is the branch checked out here.
        removeStaleLock(git.refLockFile(e.ref() == null ? branch : e.ref()), e.startedAt());
        removeStaleLock(git.indexLockFile(), e.startedAt());
        String tip = git.tip();
        boolean sameBranch = e.ref() == null || e.ref().equals(branch);
        if (e.to() != null && tip != null && sameBranch && (tip.equals(e.to()) || safeAncestor(git, e.to(), tip))) {
            try (var idx = git.indexSync().lock()) {
                idx.advance(e.from(), e.to(), e.paths());
            } catch (CtxException failed) {
                // A replay that cannot succeed must not wedge every later command: the commit is on the branch
                // (the source of truth), so drop the record and say once what is left for the person to do.
                end();
                throw new CtxException(Problem.IO, "an interrupted write (" + e.to().substring(0, 10) + ") is on the branch, but its working tree "
                        + "copy could not be restored: " + failed.getMessage() + "; run 'git checkout HEAD -- " + String.join(" ", e.paths())
                        + "' if 'git status' shows them changed, then retry (the journal was cleared)", failed);
            }
        }
        end();
        return true;
    }

    /** What an interrupted write recorded; {@code startedAt} is Long.MAX_VALUE when no lock may be taken for its own. */
    private record Entry(long startedAt, String ref, String from, String to, List<String> paths) {
    }

    private Entry read() {
        String ref = null;
        String from = null;
        String to = null;
        List<String> paths = new ArrayList<>();
        long startedAt = Long.MAX_VALUE;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("started ")) {
                    String v = line.substring(8).trim();
                    startedAt = v.equals("?") || v.isEmpty() ? Files.getLastModifiedTime(file).toMillis() : Long.parseLong(v);
                } else if (line.startsWith("ref ")) {
                    ref = line.substring(4);
                } else if (line.startsWith("from ")) {
                    from = line.substring(5).equals("-") ? null : line.substring(5);
                } else if (line.startsWith("to ")) {
                    to = line.substring(3);
                } else if (line.startsWith("path ")) {
                    paths.add(line.substring(5));
                }
            }
            if (startedAt == Long.MAX_VALUE) {
                startedAt = Files.getLastModifiedTime(file).toMillis(); // torn marker: still ours, still the start
            }
        } catch (IOException | NumberFormatException e) {
            // A torn journal (killed while writing it) means no commit was being published yet.
            startedAt = Long.MAX_VALUE;
        }
        return new Entry(startedAt, ref, from, to, paths);
    }

    private static boolean safeAncestor(GitRepo git, String a, String b) {
        try {
            return git.isAncestor(a, b);
        } catch (CtxException e) {
            return false; // the interrupted commit object may never have been written
        }
    }

    /** A lock file no older than the journal was made by the interrupted write (we hold the write lock). */
    private static void removeStaleLock(Path lock, long startedAt) throws CtxException {
        try {
            if (lock != null && Files.exists(lock) && Files.getLastModifiedTime(lock).toMillis() >= startedAt) {
                Files.delete(lock);
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot remove the stale lock " + lock + " left by an interrupted write: " + e.getMessage(), e);
        }
    }
}
