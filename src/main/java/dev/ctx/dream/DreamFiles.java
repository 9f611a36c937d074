package dev.ctx.dream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Worktrees;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a dream keeps outside git, under {@code $GIT_COMMON_DIR/ctx/dreams/}: the lock that allows one dream at
 * a time (an OS lock: a killed dream's is released by the kernel), each dream's folder (its worktree while it
 * runs, its record, the model's raw reply, the agent's log), and the recovery of a dream a killed process left
 * behind. The record is a convenience for list and show: the branch is the proposal, so deleting this folder
 * loses no proposal.
 */
final class DreamFiles {
    static final String BRANCH_PREFIX = "refs/heads/ctx/dream/";
    static final String REJECTED_PREFIX = "refs/ctx/dream-rejected/";
    static final String WORKTREE_PREFIX = "ctx-dream-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GitRepo main;
    private final Path root;

    DreamFiles(GitRepo main) {
        this.main = main;
        this.root = main.ctxDir().resolve("dreams");
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    Path worktreeDir(String id) {
        return dir(id).resolve("worktree");
    }

    static String branchRef(String id) {
        return BRANCH_PREFIX + id;
    }

    /** The held dream lock; close releases it. */
    final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock in any case
            }
        }
    }

    /** Takes the one-dream lock, or refuses at once: dreams are long, waiting for one is never what the caller wants. */
    Lock lock() throws CtxException {
        try {
            Files.createDirectories(root);
            FileChannel ch = FileChannel.open(root.resolve("dream.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw CtxException.conflict("another dream is running on this repository (one at a time); wait for it, or see 'ctx dream list'");
            }
            return new Lock(ch, l);
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot take the dream lock under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Under the lock: removes the worktree of every dream whose process died (its folder and git's record; a
     * stale lock of its branch), keeps its branch, and records it as failed in the phase it reached. Returns the ids.
     */
    List<String> recover() throws CtxException {
        List<String> out = new ArrayList<>();
        for (Worktrees.Worktree w : Worktrees.list(main)) {
            if (!w.name().startsWith(WORKTREE_PREFIX)) {
                continue;
            }
            String id = w.name().substring(WORKTREE_PREFIX.length());
            Worktrees.remove(main, w.name(), w.dir() != null ? w.dir() : worktreeDir(id));
            try {
                Files.deleteIfExists(main.refLockFile(branchRef(id)));
            } catch (IOException e) {
                throw new CtxException(Problem.IO, "cannot remove the stale lock of " + branchRef(id) + ": " + e.getMessage(), e);
            }
            out.add(id);
        }
        // A dream killed before or between its worktree steps leaves a record without an outcome (and maybe no worktree).
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    String id = d.getFileName().toString();
                    Map<String, Object> r = read(id);
                    if (!r.isEmpty() && !r.containsKey("outcome")) {
                        markKilled(id, r);
                        if (!out.contains(id)) {
                            out.add(id);
                        }
                    }
                }
            } catch (IOException e) {
                throw new CtxException(Problem.IO, "cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Records a killed dream as failed; its branch stays unless it holds nothing beyond where the dream began. */
    private void markKilled(String id, Map<String, Object> r) throws CtxException {
        r.put("outcome", "failed");
        r.put("phase", r.getOrDefault("phase", "worktree"));
        String ref = branchRef(id);
        java.util.Optional<String> tip = Worktrees.refTip(main, ref);
        if (tip.isPresent() && tip.get().equals(r.get("base"))) {
            Worktrees.moveRef(main, ref, tip.get(), null);
            r.put("reason", "the process running the dream stopped during phase '" + r.get("phase") + "' before any pass committed; nothing to keep");
        } else {
            r.put("reason", "the process running the dream stopped during phase '" + r.get("phase") + "'; recovered by the next dream, its branch kept");
        }
        write(id, r);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> read(String id) {
        Path f = dir(id).resolve("record.json");
        try {
            return Files.isRegularFile(f) ? new LinkedHashMap<>(JSON.readValue(f.toFile(), Map.class)) : new LinkedHashMap<>();
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Writes the record atomically (temp file, rename), so a kill never leaves half a record. */
    void write(String id, Map<String, Object> record) throws CtxException {
        try {
            Files.createDirectories(dir(id));
            Path tmp = dir(id).resolve("record.json.tmp");
            JSON.writeValue(tmp.toFile(), record);
            Files.move(tmp, dir(id).resolve("record.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot write the record of dream " + id + ": " + e.getMessage(), e);
        }
    }

    void save(String id, String name, String text) {
        try {
            Files.createDirectories(dir(id));
            Files.writeString(dir(id).resolve(name), text);
        } catch (IOException e) {
            // a lost copy of a reply is not worth failing the dream for; the reason is in the record
        }
    }
}
