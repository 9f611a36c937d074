package dev.ctx.app;

import dev.ctx.format.Document;
import dev.ctx.format.FormatException;
import dev.ctx.model.CtxException;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Snapshot;
import java.util.Optional;

/** {@link Ctx#show}: reads a file of a snapshot and parses it for display. */
final class Showing {
    private Showing() {
    }

    static Shown show(Snapshot snap, RepoPath requested, String at) throws CtxException {
        RepoPath path = requested;
        Optional<String> text = snap.read(path);
        if (text.isEmpty() && !path.isSkillFile() && path.segments().get(0).equals("skills") && path.segments().size() == 2) {
            path = RepoPath.of(path.label() + "/SKILL.md");
            text = snap.read(path);
        }
        if (text.isEmpty()) {
            throw CtxException.notFound(path + " does not exist" + (at != null ? " at " + at : "") + "; see 'ctx list'");
        }
        String t = text.get();
        try {
            Document d = Document.parse(t);
            return new Shown(path.value(), snap.commit(), t, d.description(), d.frontMatter().values(), d.body(), null);
        } catch (FormatException e) {
            return new Shown(path.value(), snap.commit(), t, null, null, t, e.getMessage());
        }
    }
}
