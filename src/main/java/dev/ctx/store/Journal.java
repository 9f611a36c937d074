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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a write between "commit object written" and "working tree in step". A process killed in
 * that window leaves it behind; the next writer (holding the write lock) finishes the job: it removes
 * lock files the dead process created after the journal (git would otherwise refuse every later update)
 * and brings the working tree and index up to the commit if the branch got it.
 */
final class Journal {
    private final Path file;

    Journal(Path ctxDir) {
        this.file = ctxDir.resolve("journal");
    }

    void begin(String from, String to, List<String> paths) throws CtxException {
        StringBuilder sb = new StringBuilder();
        sb.append("from ").append(from == null ? "-" : from).append('\n');
        sb.append("to ").append(to).append('\n');
        for (String p : paths) {
            sb.append("path ").append(p).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("journal.tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write the journal " + file + ": " + e.getMessage(), e);
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
        String from = null;
        String to = null;
        List<String> paths = new ArrayList<>();
        FileTime started;
        try {
            started = Files.getLastModifiedTime(file);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("from ")) {
                    from = line.substring(5).equals("-") ? null : line.substring(5);
                } else if (line.startsWith("to ")) {
                    to = line.substring(3);
                } else if (line.startsWith("path ")) {
                    paths.add(line.substring(5));
                }
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        removeStaleLock(git.gitDir().resolve(git.branchRef() + ".lock"), started);
        removeStaleLock(git.gitDir().resolve("index.lock"), started);
        String tip = git.tip();
        if (to != null && tip != null && (tip.equals(to) || safeAncestor(git, to, tip))) {
            git.indexSync().advance(from, to, paths);
        }
        end();
        return true;
    }

    private static boolean safeAncestor(GitRepo git, String a, String b) {
        try {
            return git.isAncestor(a, b);
        } catch (CtxException e) {
            return false; // the interrupted commit object may never have been written
        }
    }

    /** A lock file no older than the journal was made by the interrupted write (we hold the write lock). */
    private static void removeStaleLock(Path lock, FileTime started) throws CtxException {
        try {
            if (Files.exists(lock) && Files.getLastModifiedTime(lock).compareTo(started) >= 0) {
                Files.delete(lock);
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot remove the stale lock " + lock + " left by an interrupted write: " + e.getMessage(), e);
        }
    }
}
