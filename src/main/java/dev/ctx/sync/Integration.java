package dev.ctx.sync;

import dev.ctx.git.CommitInfo;
import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.git.PathChange;
import dev.ctx.git.Refs;
import dev.ctx.model.CtxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds the commits that put local memory on top of the remote's: each local commit the remote has not
 * seen is re-applied on the remote's tip, file by file with {@link MemoryMerge}, keeping its message (and
 * so its Ctx-* trailers) and its author; a commit whose change the remote already holds is dropped as
 * already there. Nothing here moves a ref: the result is a commit id for the store to publish.
 */
final class Integration {
    /** The new tip, how many commits were re-applied and dropped as already there, and the conflicts left in files. */
    record Replayed(String tip, int replayed, int alreadyThere, List<String> conflicts) {
    }

    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private final GitRepo git;
    private final Identity committer;
    private final String remoteName;

    Integration(GitRepo git, Identity committer, String remoteName) {
        this.git = git;
        this.committer = committer;
        this.remoteName = remoteName;
    }

    Replayed replay(String localTip, String remoteTip) throws CtxException {
        String current = remoteTip;
        int replayed = 0;
        int already = 0;
        List<String> conflicts = new ArrayList<>();
        for (String c : new Refs(git).unseen(localTip, remoteTip)) {
            CommitInfo info = git.commitInfo(c);
            String parent = info.parents().isEmpty() ? null : info.parents().get(0);
            TreeSet<String> paths = new TreeSet<>();
            for (PathChange ch : git.diff(parent, c)) {
                paths.add(ch.path());
                if (ch.oldPath() != null) {
                    paths.add(ch.oldPath());
                }
            }
            paths.remove("/dev/null");
            Map<String, byte[]> edits = merge(paths, parent, c, current, conflicts);
            if (edits.isEmpty()) {
                already++;
                continue;
            }
            Identity author = new Identity(info.authorName(), info.authorEmail(), info.authorTime());
            current = git.commit(current, edits, author, committer, info.message());
            replayed++;
        }
        return new Replayed(current, replayed, already, conflicts);
    }

    /** A merge commit of two unrelated histories: every file of both, files on both sides merged as both added. */
    Replayed join(String localTip, String remoteTip, String message) throws CtxException {
        TreeSet<String> paths = new TreeSet<>(git.listPaths(localTip, ""));
        paths.addAll(git.listPaths(remoteTip, ""));
        List<String> conflicts = new ArrayList<>();
        // ctx.yaml is settings, not memory: the remote's stays, this clone's is in its own history
        paths.remove(dev.ctx.format.CtxConfig.FILE);
        Map<String, byte[]> edits = merge(paths, null, localTip, remoteTip, conflicts);
        String tip = git.commit(remoteTip, List.of(localTip), edits, committer, committer, message);
        return new Replayed(tip, 1, 0, conflicts);
    }

    /** The edits that turn {@code current}'s version of each path into the merged one. */
    private Map<String, byte[]> merge(Iterable<String> paths, String base, String local, String current, List<String> conflicts) throws CtxException {
        Map<String, byte[]> edits = new LinkedHashMap<>();
        for (String p : paths) {
            byte[] b = base == null ? null : git.read(base, p, MAX_BYTES);
            byte[] l = git.read(local, p, MAX_BYTES);
            byte[] r = git.read(current, p, MAX_BYTES);
            byte[] merged;
            if (!isText(b) || !isText(l) || !isText(r)) {
                merged = binary(p, b, l, r, conflicts);
            } else {
                MemoryMerge.Result m = MemoryMerge.merge(p, text(b), text(l), text(r), remoteName);
                m.conflicts().forEach(x -> conflicts.add(p + ": " + x));
                merged = m.text() == null ? null : m.text().getBytes(StandardCharsets.UTF_8);
            }
            if (!Arrays.equals(merged, r)) {
                edits.put(p, merged);
            }
        }
        return edits;
    }

    /** A file that is not text cannot be merged by lines: one side's change is taken whole; both changed keeps the remote's and says so. */
    private static byte[] binary(String p, byte[] b, byte[] l, byte[] r, List<String> conflicts) {
        if (Arrays.equals(l, r) || Arrays.equals(l, b)) {
            return r;
        }
        if (Arrays.equals(r, b)) {
            return l;
        }
        conflicts.add(p + ": not text, changed on both sides (the remote's version is kept; this clone's is in its history)");
        return r == null ? l : r;
    }

    private static boolean isText(byte[] bytes) {
        if (bytes == null) {
            return true;
        }
        for (byte x : bytes) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
