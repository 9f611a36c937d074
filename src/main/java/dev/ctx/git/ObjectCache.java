package dev.ctx.git;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Parsed commits' trees, trees' entries and small blobs of one repository, kept in memory. Git objects are named
 * by their content, so an entry can never be stale: no invalidation, only a bound. A write looks a path up many
 * times (plan, validation, the dirty check, the working tree's update) on commits it mostly just wrote; JGit
 * opens and inflates a loose object at every look-up, so without this a write of one file read each of its
 * commit's trees from disk about a dozen times. Safe for the resident server's concurrent requests.
 */
final class ObjectCache {
    /** One entry of a tree: its mode and object id. */
    record Entry(FileMode mode, ObjectId id) {
    }

    private static final int COMMITS = 1024;
    private static final int TREES = 4096;
    private static final int BLOBS = 512;
    /** Blobs larger than this are read from the repository each time. */
    static final int SMALL_BLOB = 64 * 1024;

    private final Map<ObjectId, ObjectId> commitTrees = lru(COMMITS);
    private final Map<ObjectId, Map<String, Entry>> trees = lru(TREES);
    private final Map<ObjectId, byte[]> blobs = lru(BLOBS);

    private static <K, V> Map<K, V> lru(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }

    /** The tree of {@code commit}. */
    ObjectId treeOf(ObjectReader reader, ObjectId commit) throws IOException {
        ObjectId t = commitTrees.get(commit);
        if (t == null) {
            try (RevWalk rw = new RevWalk(reader)) {
                RevCommit c = rw.parseCommit(commit);
                t = c.getTree().copy();
            }
            commitTrees.put(commit.copy(), t);
        }
        return t;
    }

    void commitWritten(ObjectId commit, ObjectId tree) {
        commitTrees.put(commit.copy(), tree.copy());
    }

    /** The entries of {@code tree} by name, in the tree's order. */
    Map<String, Entry> entries(ObjectReader reader, ObjectId tree) throws IOException {
        Map<String, Entry> e = trees.get(tree);
        if (e == null) {
            e = new LinkedHashMap<>();
            CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
            while (!p.eof()) {
                e.put(p.getEntryPathString(), new Entry(p.getEntryFileMode(), p.getEntryObjectId()));
                p.next();
            }
            e = Collections.unmodifiableMap(e);
            trees.put(tree.copy(), e);
        }
        return e;
    }

    void treeWritten(ObjectId tree, Map<String, Entry> entries) {
        trees.put(tree.copy(), Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
    }

    /** The entry at {@code path} (slash-separated) in {@code commit}'s tree, or null when there is none. */
    Entry lookup(ObjectReader reader, ObjectId commit, String path) throws IOException {
        ObjectId tree = treeOf(reader, commit);
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String name = slash < 0 ? path.substring(start) : path.substring(start, slash);
            Entry e = entries(reader, tree).get(name);
            if (e == null || slash < 0) {
                return e;
            }
            if (e.mode() != FileMode.TREE) {
                return null;
            }
            tree = e.id();
            start = slash + 1;
        }
    }

    /** A small blob's bytes kept in memory (a copy), or null. */
    byte[] blob(ObjectId id) {
        byte[] b = blobs.get(id);
        return b == null ? null : b.clone();
    }

    void blobWritten(ObjectId id, byte[] content) {
        if (content.length <= SMALL_BLOB) {
            blobs.put(id.copy(), content.clone());
        }
    }
}
