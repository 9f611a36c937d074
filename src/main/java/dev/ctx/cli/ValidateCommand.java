package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.format.Validator;
import dev.ctx.git.GitRepo;
import dev.ctx.model.CtxException;
import dev.ctx.model.Finding;
import dev.ctx.model.RepoPath;
import dev.ctx.store.ContextStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every rule of the format (docs/format.md): front-matter, descriptions, limits, the system/ budget,",
            "folder depth, skills (Agent Skills spec), UTF-8, size, likely secrets. One line per finding:",
            "path:line: rule: message. Exit 1 when there are errors (or warnings with --strict).",
            "Checks the working tree as it is (committed files plus uncommitted edits) unless --staged."})
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Only these files (default: the whole repository).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--all", description = "The whole repository, including repository-wide rules (the default without PATH).")
    boolean all;

    @Option(names = "--strict", description = "Warnings are errors: unknown keys, Claude Code skill keys, non-markdown files.")
    boolean strict;

    @Option(names = "--staged", description = "Check what 'git commit' would commit now (the index); used by the pre-commit hook.")
    boolean staged;

    ValidateCommand(Env env) {
        super(env);
    }

    @Override
    ExitCode execute() throws Exception {
        try (Ctx ctx = open()) {
            ContextStore store = ctx.store();
            Map<RepoPath, byte[]> files = staged ? toRepoPaths(store.git().stagedFiles()) : workingTree(store);
            Validator v = new Validator(store.config());
            List<Finding> findings;
            if (paths.isEmpty() || all) {
                findings = v.checkRepository(files);
            } else {
                findings = new ArrayList<>();
                for (String p : paths) {
                    RepoPath rp = path(p);
                    byte[] b = files.get(rp);
                    if (b == null) {
                        throw CtxException.notFound(rp + " does not exist" + (staged ? " in the index" : "") + "; see 'ctx list'");
                    }
                    findings.addAll(v.checkBytes(rp, b));
                }
            }
            List<Finding> judged = strict ? findings.stream().map(Finding::strict).toList() : findings;
            long errors = judged.stream().filter(Finding::isError).count();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("files", files.size());
            data.put("errors", errors);
            data.put("warnings", judged.size() - errors);
            data.put("findings", judged);
            out().result("validate", data, o -> {
                judged.forEach(f -> o.println(f.toString()));
                o.println(files.size() + " files checked: " + errors + " errors, " + (judged.size() - errors) + " warnings");
            });
            return errors > 0 ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }

    private static Map<RepoPath, byte[]> toRepoPaths(Map<String, byte[]> raw) {
        Map<RepoPath, byte[]> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(RepoPath.of(k), v));
        return out;
    }

    /** The branch tip overlaid with uncommitted edits, additions and deletions of the working tree. */
    private static Map<RepoPath, byte[]> workingTree(ContextStore store) throws CtxException {
        GitRepo git = store.git();
        Map<RepoPath, byte[]> files = store.files(git.tip());
        for (String p : git.uncommitted()) {
            RepoPath rp;
            try {
                rp = RepoPath.of(p);
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] b;
            try {
                b = git.readWorkTree(p);
            } catch (CtxException e) {
                b = null; // a symbolic link: not followed, not memory
            }
            if (b == null) {
                files.remove(rp);
            } else {
                files.put(rp, b);
            }
        }
        return files;
    }
}
