package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Syncing;
import dev.ctx.model.SyncReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** What sync, pull and push share: run one mode, render the report, exit 1 when conflicts are left in files. */
final class SyncRun {
    private SyncRun() {
    }

    static ExitCode run(BaseCommand cmd, Syncing.Request request) throws Exception {
        try (Ctx ctx = cmd.open()) {
            SyncReport r = ctx.sync(request);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("remote", r.remote());
            data.put("branch", r.branch());
            data.put("action", r.action().name().toLowerCase(java.util.Locale.ROOT));
            data.put("local_before", r.localBefore());
            data.put("local_after", r.localAfter());
            data.put("remote_before", r.remoteBefore());
            data.put("remote_after", r.remoteAfter());
            data.put("replayed", r.replayed());
            data.put("already_there", r.alreadyThere());
            data.put("pushed", r.pushed());
            data.put("backup_ref", r.backupRef());
            data.put("conflicts", r.conflicts());
            data.put("unresolved", r.unresolved());
            data.put("left_alone", r.leftAlone());
            cmd.out().result(cmd.name(), data, o -> {
                String where = r.remote() + "/" + r.branch();
                o.println(switch (r.action()) {
                    case UP_TO_DATE -> "up to date with " + where;
                    case FAST_FORWARDED -> "fast-forwarded to " + where + " at " + abbrev(r.localAfter());
                    case INTEGRATED -> "re-applied " + r.replayed() + " local commit" + (r.replayed() == 1 ? "" : "s") + " on " + where
                            + (r.alreadyThere() > 0 ? " (" + r.alreadyThere() + " already there)" : "");
                    case JOINED -> "joined the unrelated history of " + where + " in a merge commit " + abbrev(r.localAfter());
                    case PUSHED -> "pushed to " + where;
                } + (r.pushed() && r.action() != SyncReport.Action.PUSHED ? ", pushed" : ""));
                if (r.backupRef() != null) {
                    o.println("backup of the previous branch: " + r.backupRef());
                }
                r.leftAlone().forEach(p -> o.println("kept your working-tree edit of " + p + " (the commit has the synced version)"));
                r.conflicts().forEach(c -> o.println("conflict: " + c));
                if (r.hasConflicts()) {
                    o.println("files with conflicts (both sides kept): " + String.join(", ", r.unresolved()));
                    o.println("settle each with 'ctx resolve PATH --keep local|remote|both', or edit it and commit");
                }
            });
            return r.hasConflicts() ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }

    /** Ahead/behind of each remote, for status's JSON. */
    static java.util.List<Map<String, Object>> tracking(java.util.List<dev.ctx.model.Tracking> all) {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (dev.ctx.model.Tracking t : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote", t.remote());
            m.put("branch", t.branch());
            m.put("fetched", t.fetched());
            m.put("ahead", t.ahead());
            m.put("behind", t.behind());
            out.add(m);
        }
        return out;
    }

    static String describe(dev.ctx.model.Tracking t) {
        String where = t.remote() + "/" + t.branch();
        if (!t.fetched()) {
            return where + ": never synced ('ctx sync " + t.remote() + "')";
        }
        if (t.ahead() == 0 && t.behind() == 0) {
            return where + ": up to date (as of the last sync)";
        }
        return where + ": " + t.ahead() + " ahead, " + t.behind() + " behind (as of the last sync; 'ctx sync' to share)";
    }

    private static String abbrev(String id) {
        return id == null ? "-" : id.substring(0, Math.min(10, id.length()));
    }
}
