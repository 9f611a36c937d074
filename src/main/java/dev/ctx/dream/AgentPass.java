package dev.ctx.dream;

import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.RepoPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agent-command pass: runs any agent ({@code claude -p}, {@code codex exec}, a script) inside the
 * dream's worktree with a reflection prompt as its last argument (and on stdin), then takes every file it
 * changed there as the pass's change, for the checks to judge. What it writes to stdout and stderr goes
 * to a log beside the dream's record.
 */
final class AgentPass implements Pass {
    static final String PROMPT = """
            You are consolidating the memory of a coding agent. The current folder is a git worktree of its memory \
            repository (markdown files; system/ is always loaded, other files on demand by their description; \
            recall/ holds transcripts). Tidy it: merge duplicate facts, fix contradictions, keep files short and \
            well described, and turn procedures that recur in recall into skills (skills/<name>/SKILL.md with name \
            and description front-matter). Edit the files in place; do not commit, push or touch ctx.yaml. Never \
            drop a fact silently: a removed duplicate must still be stated in another file.""";

    private final GitRepo worktree;
    private final String command;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Path log;
    String outcome = "";

    AgentPass(GitRepo worktree, String command, Map<String, String> env, Duration timeout, Path log) {
        this.worktree = worktree;
        this.command = command;
        this.env = env;
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public boolean dropsPerFile() {
        return true;
    }

    @Override
    public PassChange run(Memory memory) throws CtxException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command + " \"$1\"", "ctx-dream", PROMPT)
                .directory(worktree.workTree().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("CTX_REPO", worktree.workTree().toString());
        pb.environment().put("CTX_DREAM_PROMPT", PROMPT);
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(PROMPT.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // An agent that does not read stdin may close it first; the prompt is its argument too.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                outcome = "timed out after " + timeout.toSeconds() + " s (its changes so far are kept and checked)";
            } else {
                outcome = "exited " + p.exitValue();
            }
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "cannot run the agent command '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtxException(Problem.IO, "interrupted while the agent command ran", e);
        }
        return changes();
    }

    /** Every path the agent changed in the worktree (committed by it or not), as the pass's change. */
    private PassChange changes() throws CtxException {
        PassChange.Builder b = new PassChange.Builder();
        for (String p : worktree.uncommitted()) {
            RepoPath path;
            try {
                path = RepoPath.of(p);
            } catch (IllegalArgumentException e) {
                b.details.add("- ignored " + p + ": " + e.getMessage());
                continue;
            }
            Optional<byte[]> bytes;
            try {
                bytes = Optional.ofNullable(worktree.readWorkTree(p));
            } catch (CtxException e) {
                b.details.add("- ignored " + p + ": " + e.getMessage());
                continue;
            }
            if (bytes.isEmpty()) {
                b.delete(path);
            } else {
                b.put(path, new String(bytes.get(), StandardCharsets.UTF_8));
            }
            b.details.add("- " + (bytes.isEmpty() ? "deleted " : "changed ") + p);
        }
        int n = b.files.size();
        return b.build("take " + n + " file" + (n == 1 ? "" : "s") + " the agent command changed",
                "The agent command '" + command + "' reflected on memory in the worktree (" + outcome + ").");
    }

}
