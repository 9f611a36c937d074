package dev.ctx.store;

import dev.ctx.format.CtxConfig;
import dev.ctx.format.Document;
import dev.ctx.git.GitRepo;
import dev.ctx.git.RemoteAccess;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creating a context repository: a new one with starter blocks, adopting an existing git repository
 * (such as a Letta Code memory repository) by adding ctx.yaml, or cloning one from a remote.
 */
public final class Init {
    private Init() {
    }

    /** The first commit of a repository: ctx.yaml and the starter blocks that are missing. */
    record Operation0(Map<RepoPath, Optional<String>> files) implements Operation {
        @Override
        public String op() {
            return "init";
        }

        @Override
        public List<RepoPath> subjectPaths() {
            return List.of();
        }

        @Override
        public Change plan(Snapshot head) {
            return new Change(files, "create context repository");
        }
    }

    public static ContextStore create(Path dir, Provenance who, Clock clock) throws CtxException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root.resolve(CtxConfig.FILE)) && Files.exists(root.resolve(".git"))) {
            throw new CtxException(Problem.REPOSITORY, root + " is already a context repository; nothing was changed");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new CtxException(Problem.REPOSITORY, root + " exists and is not a folder");
        }
        boolean adopt = Files.exists(root.resolve(".git"));
        if (!adopt) {
            try (var s = Files.exists(root) ? Files.list(root) : java.util.stream.Stream.<Path>empty()) {
                if (s.findAny().isPresent()) {
                    throw new CtxException(Problem.REPOSITORY, root + " is not empty; give a new folder (or run ctx init inside a git repository to adopt it)");
                }
            } catch (IOException e) {
                throw new CtxException(Problem.IO, "cannot read " + root + ": " + e.getMessage(), e);
            }
        }
        GitRepo git = adopt ? GitRepo.open(root) : GitRepo.init(root, "main");
        ContextStore store = ContextStore.wrap(git, clock);
        try {
            String tip = git.tip();
            Map<RepoPath, Optional<String>> files = new LinkedHashMap<>();
            files.put(RepoPath.of(CtxConfig.FILE), Optional.of(CtxConfig.starterText()));
            starter(git, tip, files, "system/persona.md", "Who this agent is, how it works and what it values",
                    "I am a coding agent working in this project. I keep my memory in this repository and update it as I learn.\n");
            starter(git, tip, files, "system/human.md", "What the agent knows about the person it works with: name, role, preferences",
                    "Nothing known yet. Record the person's preferences and working style here as they become clear.\n");
            store.applyInit(new Operation0(files), who);
            return store;
        } catch (CtxException e) {
            store.close();
            throw e;
        }
    }

    private static void starter(GitRepo git, String tip, Map<RepoPath, Optional<String>> files, String path, String description, String body)
            throws CtxException {
        if (tip == null || git.blobId(tip, path) == null) {
            files.put(RepoPath.of(path), Optional.of(Document.memory(description, body).render()));
        }
    }

    /** Clones {@code url} into {@code dir} (new or empty) through {@code access}, the transport settings sync uses. */
    public static ContextStore cloneFrom(String url, Path dir, Clock clock, RemoteAccess access) throws CtxException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root)) {
            try (var s = Files.list(root)) {
                if (s.findAny().isPresent()) {
                    throw new CtxException(Problem.REPOSITORY, root + " already exists and is not empty; give a new folder to clone into");
                }
            } catch (IOException e) {
                throw new CtxException(Problem.IO, "cannot read " + root + ": " + e.getMessage(), e);
            }
        }
        GitRepo.cloneFrom(url, root, access).close();
        return ContextStore.open(root, clock);
    }
}
