package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a context repository: ctx.yaml, system/persona.md, system/human.md, and a first commit.",
            "Without DIR inside a project, creates ./.ctx and adds .ctx/ to the project's .gitignore.",
            "Inside an existing git repository without ctx.yaml (a Letta Code memory repository, say), adopts it.",
            "With --from URL, clones an existing context repository instead, reaching it as ctx sync does: a token in $CTX_SYNC_TOKEN or git's credential helpers for HTTPS; keys in ~/.ssh, the SSH agent and known_hosts for SSH."})
final class InitCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder to create (default: --repo, $CTX_REPO, else ./.ctx).")
    Path dir;

    @Option(names = "--from", paramLabel = "URL", description = "Clone this context repository (a path, file, https or ssh URL) instead of creating one.")
    String from;

    @Option(names = "--accept-new-host", description = "With --from over SSH: accept and remember a host key not yet in ~/.ssh/known_hosts (check its fingerprint first).")
    boolean acceptNewHost;

    InitCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        Path target;
        boolean projectDefault = false;
        if (dir != null) {
            target = env.cwd().resolve(dir).toAbsolutePath().normalize();
        } else if (global.repo != null || env.var("CTX_REPO") != null) {
            target = repoRoot();
        } else {
            target = env.cwd().resolve(Ctx.PROJECT_DIR).toAbsolutePath().normalize();
            projectDefault = true;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        try (Ctx ctx = from != null ? Ctx.cloneFrom(from, target, env.clock(), env.vars(), acceptNewHost) : Ctx.init(target, who(null), env.clock())) {
            data.put("path", ctx.root().toString());
            data.put("head", ctx.head());
            data.put("cloned_from", from);
        }
        String ignored = null;
        if (projectDefault && Files.exists(env.cwd().resolve(".git"))) {
            ignored = addToGitignore(env.cwd());
        }
        data.put("gitignore", ignored);
        String gi = ignored;
        out().result("init", data, o -> {
            o.println((from != null ? "cloned " + from + " into " : "created context repository ") + data.get("path"));
            if (gi != null) {
                o.println("added .ctx/ to " + gi);
            }
            o.println("next: ctx remember \"a fact worth keeping\"   (see ctx --help)");
        });
        return ExitCode.OK;
    }

    private static String addToGitignore(Path project) throws CtxException {
        Path gi = project.resolve(".gitignore");
        try {
            String text = Files.exists(gi) ? Files.readString(gi, StandardCharsets.UTF_8) : "";
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.equals(".ctx") || l.equals(".ctx/") || l.equals("/.ctx") || l.equals("/.ctx/")) {
                    return null;
                }
            }
            String add = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + ".ctx/\n";
            Files.writeString(gi, text + add, StandardCharsets.UTF_8);
            return gi.toString();
        } catch (IOException e) {
            throw new CtxException(Problem.IO, "created .ctx but could not update " + gi + ": " + e.getMessage(), e);
        }
    }
}
