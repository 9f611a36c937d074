package dev.ctx.index;

import dev.ctx.git.GitRepo;
import dev.ctx.git.Identity;
import dev.ctx.model.CtxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A temp git repository whose commits are made in memory with a controlled clock: one {@link #commit} per call. */
public final class TestRepo implements AutoCloseable {
    private final GitRepo git;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    public TestRepo(Path dir) throws CtxException {
        this.git = GitRepo.init(dir, "main");
    }

    public GitRepo git() {
        return git;
    }

    /** Sets the time of the next commits. */
    public TestRepo at(Instant t) {
        clock = t;
        return this;
    }

    /** Commits {@code pathsAndTexts} (path, text, path, text...; a null text deletes). */
    public String commit(String... pathsAndTexts) throws CtxException {
        Map<String, byte[]> edits = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            String t = pathsAndTexts[i + 1];
            edits.put(pathsAndTexts[i], t == null ? null : t.getBytes(StandardCharsets.UTF_8));
        }
        return commit(edits);
    }

    public String commit(Map<String, byte[]> edits) throws CtxException {
        String tip = git.tip();
        Identity who = new Identity("test", "test@ctx", clock);
        String c = git.commit(tip, edits, who, who, "test commit");
        git.compareAndSwap(tip, c, "test");
        clock = clock.plusSeconds(60);
        return c;
    }

    public static String memory(String description, String body) {
        return "---\ndescription: " + description + "\n---\n" + body;
    }

    @Override
    public void close() {
        git.close();
    }
}
