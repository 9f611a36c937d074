package dev.ctx.app;

import dev.ctx.agents.Setup;
import dev.ctx.index.embed.SelfProcess;
import dev.ctx.model.AgentSetup;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.HelperProcess;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.model.SetupResult;
import dev.ctx.model.TranscriptFormat;
import dev.ctx.model.WriteResult;
import dev.ctx.recall.CodexSessions;
import dev.ctx.store.ContextStore;
import dev.ctx.store.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link Ctx}'s use cases for the agents beside it: setup, Codex's rollouts, and ingestion handed to a detached process. */
final class Agents {
    private Agents() {
    }

    static SetupResult setup(ContextStore store, AgentSetup request) throws CtxException {
        return Setup.run(request, store.root(), request.remove() ? Map.of() : skills(store));
    }

    static SetupResult remove(AgentSetup request, Path root) throws CtxException {
        if (!request.remove()) {
            throw new IllegalArgumentException("a setup needs the repository open: Ctx.setupAgent");
        }
        return Setup.run(request, root, Map.of());
    }

    /** The repository's skills at the tip: {@code skills/NAME/...} as name to (path inside the folder to text). */
    static Map<String, Map<String, FileContent>> skills(ContextStore store) throws CtxException {
        Map<String, Map<String, FileContent>> out = new TreeMap<>();
        Snapshot head = store.head();
        for (RepoPath p : head.list("skills/")) {
            List<String> seg = p.segments();
            // A link committed by hand is not exported: an agent's folder gets plain files only, as install allows.
            if (seg.size() >= 3 && !store.git().isSymlink(head.commit(), p.value())) {
                Optional<FileContent> c = head.content(p);
                c.ifPresent(f -> out.computeIfAbsent(seg.get(1), k -> new LinkedHashMap<>()).put(String.join("/", seg.subList(2, seg.size())), f));
            }
        }
        return out;
    }

    static RecallResult ingestCodexSessions(ContextStore store, Path sessions, Provenance who) throws CtxException {
        CodexSessions rollouts = new CodexSessions(sessions, store.git().ctxDir().resolve("recall/codex-sessions.tsv"));
        List<Path> pending = rollouts.pending();
        if (pending.isEmpty()) {
            return new RecallResult(new WriteResult(null, "ingest", List.of(), "no new Codex rollouts", 0, List.of()), 0, 0, List.of());
        }
        RecallResult r = Recall.ingest(store, pending, TranscriptFormat.CODEX, who, dev.ctx.model.Progress.NONE);
        rollouts.save(pending);
        return r;
    }

    /** Starts {@code helper} detached (its own session, output to a log under the git dir), never waiting for it. */
    static Path startDetached(Path root, HelperProcess helper, String name, Map<String, String> env) throws CtxException {
        Path log = commonGitDir(root).resolve("ctx").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            SelfProcess.detach(helper, log, env);
        } catch (IOException e) {
            throw CtxException.io("cannot start a detached " + name + ": " + e.getMessage(), e);
        }
        return log;
    }

    /**
     * The git common dir read from the files git writes ({@code .git}, or a linked worktree's {@code gitdir:}
     * and {@code commondir}): opening the repository costs a hook a few hundred milliseconds it does not have.
     */
    private static Path commonGitDir(Path root) throws CtxException {
        Path dotGit = root.resolve(".git");
        try {
            if (Files.isDirectory(dotGit)) {
                return dotGit;
            }
            if (Files.isRegularFile(dotGit)) {
                String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                if (line.startsWith("gitdir:")) {
                    Path gitDir = root.resolve(line.substring("gitdir:".length()).strip()).normalize();
                    Path common = gitDir.resolve("commondir");
                    return Files.isRegularFile(common)
                            ? gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize() : gitDir;
                }
            }
        } catch (IOException e) {
            throw CtxException.io("cannot read " + dotGit + ": " + e.getMessage(), e);
        }
        throw new CtxException(Problem.REPOSITORY, "no context repository at " + root + "; run 'ctx init' there or pass --repo DIR");
    }
}
