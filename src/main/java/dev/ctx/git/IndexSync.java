package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * Keeps the working tree and the index in step with commits that ctx builds in memory. It only ever
 * touches the paths a write changed, and only where the file and its index entry still hold the version
 * the write started from: a person's uncommitted edit is never overwritten.
 */
public final class IndexSync {
    private static final int INDEX_LOCK_ATTEMPTS = 100;
    private final Repository repo;
    private final GitRepo g;

    IndexSync(GitRepo git) {
        this.repo = git.jgit();
        this.g = git;
    }

    /**
     * Takes git's own index lock for the duration of a write. While it is held, {@code git commit} and
     * {@code git add} wait, so no commit can be built from an index that lags behind the branch (which
     * would silently undo the write). Bare repositories have no index: the handle then does nothing.
     */
    public Locked lock() throws CtxException {
        return new Locked(repo.isBare() ? null : lockIndex());
    }

    /** The locked index of one write. */
    public final class Locked implements AutoCloseable {
        private final DirCache dc;

        private Locked(DirCache dc) {
            this.dc = dc;
        }

        /**
         * The paths among {@code paths} whose working-tree file or index entry differs from {@code commit}
         * (uncommitted edits a write must not sweep up or overwrite).
         */
        public List<String> dirty(String commit, Collection<String> paths) throws CtxException {
            List<String> out = new ArrayList<>();
            if (dc == null) {
                return out;
            }
            for (String path : paths) {
                String blob = g.blobId(commit, path);
                String work = hashWorkTree(g, path);
                DirCacheEntry e = dc.getEntry(path);
                String staged = e == null ? null : e.getObjectId().name();
                if (!same(work, blob) || !same(staged, blob)) {
                    out.add(path);
                }
            }
            return out;
        }

        /**
         * Moves {@code paths} in the working tree and index from {@code from} to {@code to}, each only where it
         * still holds the {@code from} version (or already the {@code to} one). Returns the paths left alone.
         */
        public List<String> advance(String from, String to, Collection<String> paths) throws CtxException {
            List<String> skipped = new ArrayList<>();
            if (dc == null) {
                return skipped;
            }
            try {
                DirCacheEditor ed = dc.editor();
                for (String path : paths) {
                    // A writer killed mid-rename leaves its temp file; recovery replays this path, so clean it here.
                    removeTempFiles(g.workTreeFile(path));
                    String oldBlob = g.blobId(from, path);
                    String newBlob = g.blobId(to, path);
                    String work = hashWorkTree(g, path);
                    // Edited by hand since the write began: the person's copy stays, but the index still moves
                    // to the new commit below, or their next 'git commit' would silently undo this write.
                    boolean handEdited = !same(work, oldBlob) && !same(work, newBlob);
                    if (handEdited) {
                        skipped.add(path);
                    }
                    Path file = g.workTreeFile(path);
                    boolean executable = newBlob != null && g.isExecutable(to, path);
                    if (!handEdited && !same(work, newBlob)) {
                        if (newBlob == null) {
                            deleteAndPrune(g.workTree(), file);
                        } else {
                            writeAtomically(file, g.readBlob(newBlob, path, Long.MAX_VALUE));
                        }
                    }
                    if (!handEdited && newBlob != null) {
                        FileModes.setExecutable(file, executable); // also when only the mode changed, the bytes staying the same
                    }
                    DirCacheEntry e = dc.getEntry(path);
                    String staged = e == null ? null : e.getObjectId().name();
                    if (!same(staged, oldBlob) && !same(staged, newBlob)) {
                        // Only recovery can meet this (a live write holds index.lock throughout): something staged
                        // after the crash is the person's, and stays.
                        if (!handEdited) {
                            skipped.add(path);
                        }
                        continue;
                    }
                    if (newBlob == null) {
                        ed.add(new DirCacheEditor.DeletePath(path));
                    } else {
                        // A hand-edited file gets a zero length and time in the entry, so git re-hashes it and
                        // shows the edit as unstaged instead of trusting a stat that matches the person's copy.
                        long length = handEdited || !Files.exists(file) ? 0 : Files.size(file);
                        long modified = handEdited || !Files.exists(file) ? 0 : Files.getLastModifiedTime(file).toMillis();
                        ObjectId id = ObjectId.fromString(newBlob);
                        ed.add(new DirCacheEditor.PathEdit(path) {
                            @Override
                            public void apply(DirCacheEntry ent) {
                                ent.setFileMode(executable ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
                                ent.setObjectId(id);
                                ent.setLength(length);
                                ent.setLastModified(java.time.Instant.ofEpochMilli(modified));
                            }
                        });
                    }
                }
                ed.finish();
                dc.write();
                dc.commit();
                return skipped;
            } catch (IOException e) {
                throw GitRepo.io("update the working tree", e);
            }
        }

        @Override
        public void close() {
            if (dc != null) {
                dc.unlock();
            }
        }
    }

    private DirCache lockIndex() throws CtxException {
        for (int i = 0; ; i++) {
            try {
                return repo.lockDirCache();
            } catch (LockFailedException e) {
                // git CLI or another tool holds index.lock for a moment: wait, then give up with a clear line.
                if (i >= INDEX_LOCK_ATTEMPTS) {
                    throw new CtxException(Problem.CONFLICT, "the git index is locked (" + repo.getIndexFile() + ".lock); if no git command is running, delete that file and retry");
                }
                sleep(20);
            } catch (IOException e) {
                throw GitRepo.io("lock the index", e);
            }
        }
    }

    private static String hashWorkTree(GitRepo g, String path) throws CtxException {
        byte[] b;
        try {
            b = g.readWorkTree(path);
        } catch (CtxException e) {
            return "symlink-or-special";
        }
        if (b == null) {
            return null;
        }
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, b).name();
        }
    }

    /**
     * Temp files are ".ctx-DIGITS.tmp" whatever the target's name: a name derived from the target (as it once
     * was) exceeds the file system's 255 bytes for long names, failing after the commit was published.
     */
    private static final String TEMP_PREFIX = ".ctx-";
    private static final String TEMP_SUFFIX = ".tmp";

    /**
     * Deletes temp files {@link #writeAtomically} left in {@code file}'s folder. They cannot be told apart by
     * target, but every writer of them holds the write lock, as the caller does, so any one found is dead.
     */
    static void removeTempFiles(Path file) throws IOException {
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String legacy = "." + file.getFileName() + "."; // ".NAME.DIGITS.ctx-tmp", from earlier versions
        try (var s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(TEMP_PREFIX) && n.endsWith(TEMP_SUFFIX) || n.startsWith(legacy) && n.endsWith(".ctx-tmp");
        })) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        // Not Files.createTempFile: it makes the file 0600 whatever the umask. A new file opened plainly gets
        // 0666 less the umask, as git's checkout does, so a shared group or a reader of the folder can read it.
        Path tmp = file.getParent().resolve(TEMP_PREFIX + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            Files.write(tmp, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void deleteAndPrune(Path root, Path file) throws IOException {
        Files.deleteIfExists(file);
        Path dir = file.getParent();
        while (dir != null && !dir.equals(root) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    break;
                }
            }
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
