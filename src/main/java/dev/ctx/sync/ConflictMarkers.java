package dev.ctx.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the conflicts {@link MemoryMerge} leaves in a file and settles them as a person chooses:
 * this clone's side, the remote's, or both (this clone's lines, then the remote's).
 */
public final class ConflictMarkers {
    /** Which side of each conflict to keep. */
    public enum Keep { LOCAL, REMOTE, BOTH }

    private ConflictMarkers() {
    }

    public static boolean has(String text) {
        for (String line : Lines.split(text)) {
            String c = Lines.content(line);
            if (c.equals(MemoryMerge.LOCAL_MARK) || c.startsWith(MemoryMerge.KEY_MARK)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every conflict settled; text without conflicts comes back unchanged. */
    public static String resolve(String text, Keep keep) {
        List<String> lines = Lines.split(text);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String c = Lines.content(lines.get(i));
            if (c.equals(MemoryMerge.LOCAL_MARK)) {
                List<String> local = new ArrayList<>();
                List<String> remote = new ArrayList<>();
                int j = i + 1;
                while (j < lines.size() && !Lines.content(lines.get(j)).equals(MemoryMerge.MIDDLE_MARK)) {
                    local.add(lines.get(j++));
                }
                j++;
                while (j < lines.size() && !Lines.content(lines.get(j)).startsWith(MemoryMerge.REMOTE_MARK)) {
                    remote.add(lines.get(j++));
                }
                if (keep != Keep.REMOTE) {
                    out.addAll(local);
                }
                if (keep != Keep.LOCAL) {
                    for (String r : remote) {
                        if (keep == Keep.REMOTE || !local.contains(r)) {
                            out.add(r);
                        }
                    }
                }
                i = j + 1;
            } else if (c.startsWith(MemoryMerge.KEY_MARK)) {
                List<String> local = new ArrayList<>();
                while (i < lines.size() && Lines.content(lines.get(i)).startsWith(MemoryMerge.KEY_MARK)) {
                    local.add(lines.get(i++).substring(MemoryMerge.KEY_MARK.length()));
                }
                // the remote's entry: its key line and any indented or comment lines of the same key after it
                List<String> remote = new ArrayList<>();
                if (i < lines.size()) {
                    remote.add(lines.get(i++));
                    while (i < lines.size() && (lines.get(i).startsWith(" ") || lines.get(i).startsWith("\t"))) {
                        remote.add(lines.get(i++));
                    }
                }
                // a front-matter key holds one value: "both" keeps the remote's, the active one
                out.addAll(keep == Keep.LOCAL ? local : remote);
            } else {
                out.add(lines.get(i++));
            }
        }
        StringBuilder sb = new StringBuilder();
        Lines.append(sb, out);
        return sb.toString();
    }
}
