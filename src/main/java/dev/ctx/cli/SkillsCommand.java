package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.app.Validation;
import dev.ctx.model.Finding;
import dev.ctx.model.SkillReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctx skills}: the repository's skills, and sharing them across teams through git (docs/skills.md). */
@Command(name = "skills", mixinStandardHelpOptions = true,
        description = {"List, check, install, update, publish and export skills (docs/skills.md).",
            "Skills live in skills/NAME/SKILL.md in the Agent Skills format; teams share them in a git repository."},
        subcommands = {SkillsCommand.ListSkills.class, SkillsCommand.Show.class, SkillsCommand.New.class, SkillsCommand.Validate.class,
            SkillsShareCommands.Install.class, SkillsShareCommands.Outdated.class, SkillsShareCommands.Update.class,
            SkillsShareCommands.Publish.class, SkillsExportCommands.Export.class, SkillsExportCommands.Import.class})
final class SkillsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the repository's skills with their descriptions and, for installed ones, where they came from.")
    static final class ListSkills extends BaseCommand {
        ListSkills(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                List<SkillReport.Info> skills = ctx.skills(env.cwd()).list();
                out().result("skills list", skills, o -> {
                    for (SkillReport.Info s : skills) {
                        o.println(s.name() + (s.description() == null ? "" : " — " + s.description()) + origin(s));
                    }
                    if (skills.isEmpty()) {
                        o.println("(no skills; 'ctx skills new NAME' or 'ctx skills install SOURCE' adds one)");
                    }
                });
                return ExitCode.OK;
            }
        }
    }

    static String origin(SkillReport.Info s) {
        if (s.source() == null) {
            return "";
        }
        String where = s.source() + (s.path() == null || s.path().isEmpty() ? "" : "/" + s.path()) + (s.ref() == null ? "" : "@" + s.ref());
        return "  [from " + where + (s.commit() == null ? "" : " at " + s.commit().substring(0, 10)) + "]";
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a skill's SKILL.md as committed, then its files and recorded origin.")
    static final class Show extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The skill's name (its folder under skills/).")
        String name;

        Show(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillReport.Shown s = ctx.skills(env.cwd()).show(name);
                out().result("skills show", s, o -> {
                    o.print(s.text());
                    if (!s.text().endsWith("\n")) {
                        o.println();
                    }
                    o.println("-- files: " + String.join(", ", s.info().files()));
                    if (s.info().source() != null) {
                        o.println("-- origin:" + origin(s.info()).replace("  [from", " ").replace("]", "") + ", content " + s.info().hash());
                    }
                });
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create skills/NAME/SKILL.md from a short template, as one commit.")
    static final class New extends WriteCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The skill's name: a-z, 0-9 and single hyphens, at most 64 characters.")
        String name;

        @Option(names = {"-d", "--description"}, required = true, paramLabel = "TEXT",
                description = "One line: what the skill does and when an agent should use it.")
        String description;

        New(Env env) {
            super(env);
        }

        @Override
        dev.ctx.model.WriteResult write(Ctx ctx, dev.ctx.model.Provenance who) throws Exception {
            return ctx.skills(env.cwd()).create(name, description, who).write();
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check skills by the Agent Skills rules, one line per finding; exit 1 on errors.",
                "Without PATH: this repository's skills/ as it is in the working tree. PATH: a skill folder, its SKILL.md,",
                "or a folder of skill folders anywhere (no repository needed). Also refused: symbolic links, binary files over limits.max_binary_bytes,",
                "paths leaving the folder, likely secrets and merge conflict markers."})
    static final class Validate extends BaseCommand {
        @Parameters(arity = "0..*", paramLabel = "PATH", description = "Skill folders, SKILL.md files, or folders of skills.")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--strict", description = "The reference validator's rules: any key beyond the six of the specification is an error,"
                + " the name is NFKC-normalised; SKILL.md over 500 lines stays a warning.")
        boolean strict;

        Validate(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            Validation v;
            if (paths.isEmpty()) {
                try (Ctx ctx = open()) {
                    v = ctx.skills(env.cwd()).validate(List.of(), strict);
                }
            } else {
                v = Ctx.validateSkillFolders(paths.stream().map(p -> env.cwd().resolve(p).normalize()).toList(), strict, env.cwd());
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("files", v.files());
            data.put("errors", v.errors());
            data.put("warnings", v.warnings());
            data.put("findings", v.findings());
            out().result("skills validate", data, o -> {
                v.findings().forEach((Finding f) -> o.println(f.toString()));
                o.println(v.files() + " files checked: " + v.errors() + " errors, " + v.warnings() + " warnings");
            });
            return v.errors() > 0 ? ExitCode.FINDINGS : ExitCode.OK;
        }
    }
}
