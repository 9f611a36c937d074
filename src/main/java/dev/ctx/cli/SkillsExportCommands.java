package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.SkillReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctx skills export|import}: between the repository's skills/ and the folders agents read them from. */
final class SkillsExportCommands {
    private SkillsExportCommands() {
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Copy the repository's skills into a folder an agent reads (.claude/skills, .agents/skills).",
                "Each copied folder gets a .ctx-export list of what ctx wrote, so the next export refreshes exactly those files",
                "and never overwrites a skill a person made there (the same export ctx setup does). With --link, each skill is",
                "a symbolic link to skills/NAME of the working tree instead, so edits there are seen at once."})
    static final class Export extends BaseCommand {
        @Option(names = "--to", required = true, paramLabel = "DIR", description = "The agent's skills folder, e.g. .claude/skills.")
        Path to;

        @Option(names = "--link", description = "Symbolic links to the working tree's skills/NAME instead of copies.")
        boolean link;

        Export(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillReport.Exported e = ctx.skills(env.cwd()).export(to, link);
                out().result("skills export", e, o -> {
                    o.println("exported " + e.skills().size() + " skill" + (e.skills().size() == 1 ? "" : "s") + " to " + e.dir()
                            + (e.link() ? " as links" : "") + (e.written().isEmpty() && e.removed().isEmpty() ? " (already up to date)" : ""));
                    e.written().forEach(w -> o.println("  wrote " + w));
                    e.removed().forEach(r -> o.println("  removed " + r));
                    e.notes().forEach(n -> o.println("  note: " + n));
                });
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Commit the skills a person wrote in an agent's folder into skills/, as one commit.",
                "Copies an export made and symbolic links are skipped; each skill is validated first. A skill that exists",
                "here with other content is refused unless --force."})
    static final class Import extends BaseCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
        String reason;

        @Parameters(index = "0", paramLabel = "DIR", description = "The folder holding skill folders, e.g. .claude/skills.")
        Path dir;

        @Option(names = "--force", description = "Replace skills here that have other content.")
        boolean force;

        Import(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillsShareCommands.report(this, ctx.skills(env.cwd()).importFrom(dir, force, who(reason)));
                return ExitCode.OK;
            }
        }
    }
}
