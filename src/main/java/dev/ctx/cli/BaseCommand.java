package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the run's Env, the global options, repository lookup and output. */
abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    final Env env;

    BaseCommand(Env env) {
        this.env = env;
    }

    @Override
    public final Integer call() throws Exception {
        requireNonBlank("--session", global.session, "a session id, e.g. --session \"$CTX_SESSION\" with the variable set");
        requireNonBlank("--agent", global.agent, "an agent name, e.g. --agent claude-code");
        return execute().code();
    }

    /** An empty --session would match or record no session at all, silently; it is a mistake on the command line. */
    private static void requireNonBlank(String option, String value, String instead) throws CtxException {
        if (value != null && value.isBlank()) {
            throw new CtxException(Problem.USAGE, option + " is empty: give " + instead + ", or leave the option out");
        }
    }

    abstract ExitCode execute() throws Exception;

    Output out() {
        return new Output(env, global);
    }

    String name() {
        return spec.qualifiedName(" ").replaceFirst("^ctx ", "");
    }

    Path repoRoot() {
        if (global.repo != null && global.repo.toString().isBlank()) {
            // An empty --repo (an unset shell variable) must not fall back to whatever repository encloses the cwd.
            throw new ParameterException(spec.commandLine(), "--repo is empty; give the context repository's folder, or leave the option out");
        }
        return Ctx.locate(global.repo, env.var("CTX_REPO"), env.cwd());
    }

    Ctx open() throws CtxException {
        // In the resident server a warm, shared Ctx; in process a fresh one. Either way the command closes it.
        return env.workspace().open(repoRoot(), env.clock(), env.vars());
    }

    Provenance who(String reason) {
        String agent = global.agent != null ? global.agent : env.var("CTX_AGENT");
        String session = global.session != null ? global.session : env.var("CTX_SESSION");
        return Provenance.of(agent, session, reason);
    }

    /** A memory path from the command line: a label without extension gets ".md". */
    static RepoPath path(String input) throws CtxException {
        return Ctx.path(input, true);
    }
}
