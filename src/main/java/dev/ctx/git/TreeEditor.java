package dev.ctx.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Builds a new tree from a base tree and a set of path edits, rewriting only the trees along the edited
 * paths: the cost grows with the change, not with the repository (a 10,000-file repository rewrites a
 * handful of small trees per write). Empty folders left by deletions disappear, as in git.
 */
final class TreeEditor {
    private final ObjectReader reader;
    private final ObjectInserter inserter;
    private final ObjectCache cache;

    TreeEditor(ObjectReader reader, ObjectInserter inserter, ObjectCache cache) {
        this.reader = reader;
        this.inserter = inserter;
        this.cache = cache;
    }

    private record Entry(FileMode mode, ObjectId id) {
    }

    /** A new blob for a path, executable or not; {@code executable} null keeps the mode the path has (regular when new). */
    record Blob(ObjectId id, Boolean executable) {
    }

    /**
     * @param baseTree the tree to edit, or null for an empty one
     * @param edits    path -> new blob (null deletes the path)
     * @return the new tree id, or null when the result is empty
     */
    ObjectId apply(ObjectId baseTree, Map<String, Blob> edits) throws IOException {
        TreeMap<String, Entry> entries = read(baseTree);
        Map<String, Map<String, Blob>> byChild = new HashMap<>();
        for (Map.Entry<String, Blob> e : edits.entrySet()) {
            String path = e.getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                Entry existing = entries.get(path);
                if (existing != null && existing.mode() == FileMode.TREE) {
                    throw new IOException("'" + path + "' is a folder in the repository, not a file");
                }
                if (e.getValue() == null) {
                    entries.remove(path);
                } else {
                    Boolean exec = e.getValue().executable();
                    boolean x = exec != null ? exec : existing != null && existing.mode() == FileMode.EXECUTABLE_FILE;
                    entries.put(path, new Entry(x ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE, e.getValue().id()));
                }
            } else {
                byChild.computeIfAbsent(path.substring(0, slash), k -> new HashMap<>()).put(path.substring(slash + 1), e.getValue());
            }
        }
        for (Map.Entry<String, Map<String, Blob>> child : byChild.entrySet()) {
            String name = child.getKey();
            Entry existing = entries.get(name);
            if (existing != null && existing.mode() != FileMode.TREE) {
                throw new IOException("'" + name + "' is a file in the repository, so it cannot hold other files");
            }
            ObjectId sub = apply(existing == null ? null : existing.id(), child.getValue());
            if (sub == null) {
                entries.remove(name);
            } else {
                entries.put(name, new Entry(FileMode.TREE, sub));
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        return write(entries);
    }

    private TreeMap<String, Entry> read(ObjectId tree) throws IOException {
        TreeMap<String, Entry> out = new TreeMap<>();
        if (tree == null) {
            return out;
        }
        cache.entries(reader, tree).forEach((name, e) -> out.put(name, new Entry(e.mode(), e.id())));
        return out;
    }

    /** Git sorts tree entries by name, with folders compared as if their name ended in '/'. */
    private ObjectId write(TreeMap<String, Entry> entries) throws IOException {
        List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort((a, b) -> compareGitOrder(a.getKey(), a.getValue().mode() == FileMode.TREE, b.getKey(), b.getValue().mode() == FileMode.TREE));
        TreeFormatter f = new TreeFormatter();
        Map<String, ObjectCache.Entry> kept = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : sorted) {
            f.append(e.getKey(), e.getValue().mode(), e.getValue().id());
            kept.put(e.getKey(), new ObjectCache.Entry(e.getValue().mode(), e.getValue().id()));
        }
        ObjectId id = inserter.insert(f);
        cache.treeWritten(id, kept);
        return id;
    }

    private static int compareGitOrder(String a, boolean aTree, String b, boolean bTree) {
        byte[] x = Constants.encode(aTree ? a + "/" : a);
        byte[] y = Constants.encode(bTree ? b + "/" : b);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = (x[i] & 0xff) - (y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return x.length - y.length;
    }
}
