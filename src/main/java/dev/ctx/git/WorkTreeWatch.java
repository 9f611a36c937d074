package dev.ctx.git;

import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@link GitRepo#uncommitted()} for a process that asks again and again (the resident server): the whole
 * working-tree scan (every file's stat, every folder's listing) happens once, then the kernel tells which
 * paths changed ({@link WatchService}, inotify on Linux), and a status asks git only about those, about the
 * paths whose index entry changed and about those the branch tip's tree changed. Anything it cannot follow
 * path by path (an overflow of events, a folder created or removed, a {@code .gitignore} edited, too many
 * paths, a watch it cannot set) makes the next status a whole scan again, so the answer is always the
 * whole scan's answer.
 *
 * <p>Events reach the watch service through a thread of the JDK, so a status first writes a marker file in a
 * watched folder of the git dir and waits for its event: the kernel queues events in order, so every change
 * made before the status was asked has then been seen.
 */
public final class WorkTreeWatch implements AutoCloseable {
    /** Past this many changed paths, one whole scan costs less than asking git path by path. */
    static final int MOST_PATHS = 200;
    /** A marker's event that has not come by then means the watch is not working: scan the whole tree. */
    private static final long MARKER_WAIT_MILLIS = 2000;
    private static final String MARKER = "status-watch";

    private final GitRepo git;
    private final Path workTree;
    private final Path markerDir;
    private WatchService watcher;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private int wholeScans;
    /** The last answer and what it was computed from; null before the first scan and after a failure. */
    private Set<String> uncommitted;
    private ObjectId tip;
    private Map<String, Entry> index;

    private record Entry(ObjectId id, int mode, int stage, long length, long modified) {
    }

    public WorkTreeWatch(GitRepo git) {
        this.git = git;
        this.workTree = git.workTree();
        this.markerDir = git.worktreeCtxDir();
    }

    /** What {@code git status} lists as changed or untracked, as {@link GitRepo#uncommitted()} answers. */
    public synchronized Set<String> uncommitted() throws CtxException {
        Set<String> changed = uncommitted == null ? null : changedSinceLastTime();
        if (changed == null || changed.size() > MOST_PATHS) {
            return wholeScan();
        }
        if (!changed.isEmpty()) {
            Set<String> now = statusOf(changed);
            for (String p : changed) {
                uncommitted.removeIf(u -> u.equals(p) || u.startsWith(p + "/"));
            }
            uncommitted.addAll(now);
        }
        return Set.copyOf(uncommitted);
    }

    /** How many whole scans this watch made (tests check that one edit costs no whole scan). */
    synchronized int wholeScans() {
        return wholeScans;
    }

    @Override
    public synchronized void close() {
        stopWatching();
    }

    private Set<String> wholeScan() throws CtxException {
        wholeScans++;
        uncommitted = null;
        stopWatching();
        // Watch first, then scan: a change made during the scan is seen by the next status, never lost.
        try {
            watcher = FileSystems.getDefault().newWatchService();
            Files.createDirectories(markerDir);
            register(markerDir);
            register(git.gitDir());
            Files.walkFileTree(workTree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            stopWatching(); // no watch (e.g. the user's inotify watches are used up): every status scans
        }
        ObjectId headNow = head();
        Map<String, Entry> indexNow = readIndex();
        Set<String> all = new TreeSet<>(git.uncommitted());
        if (watcher != null) {
            uncommitted = all;
            tip = headNow;
            index = indexNow;
        }
        return Set.copyOf(all);
    }

    private void register(Path dir) throws IOException {
        WatchKey k = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        folders.put(k, dir);
    }

    private void stopWatching() {
        folders.clear();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing a watch only releases it
            }
            watcher = null;
        }
    }

    /** The paths to ask git about again, or null when only a whole scan can tell. */
    private Set<String> changedSinceLastTime() throws CtxException {
        Set<String> changed = new HashSet<>();
        boolean indexChanged;
        try {
            indexChanged = drainEvents(changed);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (changed.contains(null)) {
            return null;
        }
        if (indexChanged) {
            Map<String, Entry> now = readIndex();
            Set<String> keys = new HashSet<>(index.keySet());
            keys.addAll(now.keySet());
            for (String p : keys) {
                if (!Objects.equals(index.get(p), now.get(p))) {
                    int stage = p.indexOf('\0');
                    changed.add(stage < 0 ? p : p.substring(0, stage));
                }
            }
            index = now;
        }
        ObjectId headNow = head();
        if (!Objects.equals(headNow, tip)) {
            if (tip == null || headNow == null || !treeDiff(tip, headNow, changed)) {
                return null;
            }
            tip = headNow;
        }
        return changed;
    }

    /**
     * Collects the working-tree paths events name into {@code changed} (null in it: only a whole scan can
     * tell) until the marker written now comes back; true when git's index file changed.
     */
    private boolean drainEvents(Set<String> changed) throws IOException {
        // A new name each time: an event left over from an earlier marker can never pass for this one.
        Path marker = Files.createTempFile(markerDir, MARKER, "");
        try {
            return drainUntil(marker.getFileName().toString(), changed);
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    private boolean drainUntil(String marker, Set<String> changed) {
        boolean indexChanged = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARKER_WAIT_MILLIS);
        boolean seen = false;
        while (true) {
            WatchKey key;
            try {
                // Keys queue in the order of their first event, not of every event: once the marker came, every
                // earlier event is in a key that is queued, so take what is queued without waiting, then stop.
                long left = deadline - System.nanoTime();
                key = seen ? watcher.poll() : left <= 0 ? null : watcher.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                key = null;
            } catch (ClosedWatchServiceException e) {
                key = null;
            }
            if (key == null) {
                if (!seen) {
                    changed.add(null); // the watch did not answer in time
                }
                return indexChanged;
            }
            Path dir = folders.get(key);
            for (WatchEvent<?> ev : key.pollEvents()) {
                if (ev.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                    changed.add(null);
                    continue;
                }
                Path name = (Path) ev.context();
                if (dir.equals(markerDir)) {
                    seen |= ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && name.toString().equals(marker);
                } else if (dir.equals(git.gitDir())) {
                    indexChanged |= name.toString().equals("index");
                } else {
                    noteWorkTreeEvent(dir.resolve(name), ev.kind(), changed);
                }
            }
            if (!key.reset()) {
                changed.add(null); // a watched folder went away
            }
            if (changed.size() > MOST_PATHS) {
                return indexChanged; // a whole scan follows; it starts a new watch
            }
        }
    }

    private void noteWorkTreeEvent(Path p, WatchEvent.Kind<?> kind, Set<String> changed) {
        String rel = workTree.relativize(p).toString().replace('\\', '/');
        boolean folder = kind == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                || kind == StandardWatchEventKinds.ENTRY_DELETE && folders.containsValue(p);
        if (folder || p.getFileName().toString().equals(".gitignore")) {
            changed.add(null); // new folders need watching; ignore rules change what is untracked anywhere below
        } else {
            changed.add(rel);
        }
    }

    /** git's status of these paths alone (a path filter: git reads nothing else of the working tree). */
    private Set<String> statusOf(Set<String> paths) throws CtxException {
        try (Git g = Git.wrap(git.jgit())) {
            StatusCommand cmd = g.status();
            paths.forEach(cmd::addPath);
            org.eclipse.jgit.api.Status s = cmd.call();
            Set<String> out = new TreeSet<>();
            out.addAll(s.getUncommittedChanges());
            out.addAll(s.getUntracked());
            return out;
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new CtxException(Problem.IO, "cannot read the working tree status: " + e.getMessage(), e);
        }
    }

    private ObjectId head() throws CtxException {
        try {
            return git.jgit().resolve("HEAD^{tree}");
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot read HEAD: " + e.getMessage(), e);
        }
    }

    private Map<String, Entry> readIndex() throws CtxException {
        try {
            DirCache dc = git.jgit().readDirCache();
            Map<String, Entry> m = new HashMap<>(dc.getEntryCount() * 2);
            for (int i = 0; i < dc.getEntryCount(); i++) {
                DirCacheEntry e = dc.getEntry(i);
                m.put(e.getPathString() + (e.getStage() == 0 ? "" : "\0" + e.getStage()), new Entry(e.getObjectId(), e.getRawMode(),
                        e.getStage(), e.getLength(), e.getLastModifiedInstant().toEpochMilli()));
            }
            return m;
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot read git's index: " + e.getMessage(), e);
        }
    }

    /** Adds the paths whose blobs differ between two trees; false when there are too many to ask about one by one. */
    private boolean treeDiff(ObjectId from, ObjectId to, Set<String> changed) throws CtxException {
        try (TreeWalk tw = new TreeWalk(git.jgit())) {
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            tw.addTree(from);
            tw.addTree(to);
            while (tw.next()) {
                changed.add(tw.getPathString());
                if (changed.size() > MOST_PATHS) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot compare the branch's trees: " + e.getMessage(), e);
        }
    }
}
