package dev.ctx.sync;

import dev.ctx.git.Refs;
import dev.ctx.model.CtxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Backup refs: before sync moves the local branch, its tip is kept under
 * {@code refs/ctx/backup/<branch>/<UTC time>}, so any earlier state is one {@code git reset --hard REF}
 * (or {@code git branch rescue REF}) away; the newest {@link #KEEP} per branch are kept.
 */
final class Backups {
    static final String PREFIX = "refs/ctx/backup/";
    static final int KEEP = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Backups() {
    }

    /** Writes a backup of {@code tip} and returns its name. */
    static String write(Refs refs, String branch, String tip, Instant now) throws CtxException {
        String base = PREFIX + branch + "/" + STAMP.format(now);
        String name = base;
        for (int n = 2; refs.get(name) != null && !tip.equals(refs.get(name)); n++) {
            name = base + "-" + n;
        }
        refs.set(name, tip, "ctx sync: backup before moving " + branch);
        List<String> all = refs.names(PREFIX + branch + "/");
        for (int i = 0; i < all.size() - KEEP; i++) {
            refs.delete(all.get(i));
        }
        return name;
    }
}
