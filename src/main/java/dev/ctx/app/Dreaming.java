package dev.ctx.app;

import dev.ctx.dream.Dreamer;
import dev.ctx.dream.Proposals;
import dev.ctx.model.CtxException;
import dev.ctx.model.DreamEntry;
import dev.ctx.model.DreamOutcome;
import dev.ctx.model.DreamReport;
import dev.ctx.model.DreamRequest;
import dev.ctx.model.Provenance;
import dev.ctx.store.ContextStore;
import java.util.List;
import java.util.Map;

/**
 * The dreaming use cases (docs/dreaming.md): a dream, and its proposals listed, shown (with the review of
 * its commits), accepted and rejected.
 */
public final class Dreaming {
    /** A dream shown: its report and the review of its commits (markdown), or null when the range is gone. */
    public record Shown(DreamReport report, String range, ReviewResult review) {
    }

    private final ContextStore store;
    private final Histories histories;
    private final Map<String, String> env;

    Dreaming(ContextStore store, Histories histories, Map<String, String> env) {
        this.store = store;
        this.histories = histories;
        this.env = env;
    }

    /** The passes {@code --passes} accepts, deterministic ones first. */
    public static List<String> passes() {
        List<String> out = new java.util.ArrayList<>(Dreamer.DETERMINISTIC);
        out.add("model");
        out.add("agent");
        return out;
    }

    DreamReport dream(DreamRequest request) throws CtxException {
        return new Dreamer(store, env).run(request);
    }

    List<DreamEntry> list() throws CtxException {
        return new Proposals(store).list();
    }

    Shown show(String id, double threshold) throws CtxException {
        Proposals p = new Proposals(store);
        DreamReport r = p.show(id);
        String range = p.range(id);
        ReviewResult review = r.base() == null ? null : histories.review(range, threshold);
        return new Shown(r, range, review);
    }

    DreamOutcome accept(String id, Provenance who) throws CtxException {
        return new Proposals(store).accept(id, who);
    }

    String reject(String id) throws CtxException {
        return new Proposals(store).reject(id);
    }
}
