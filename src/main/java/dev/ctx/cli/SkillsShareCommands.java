package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.SkillReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctx skills install|outdated|update|publish}: skills moving between this repository and a skills repository. */
final class SkillsShareCommands {
    private SkillsShareCommands() {
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Copy a skill from a skills repository into skills/NAME, with its origin recorded, as one commit.",
                "SOURCE is a configured remote (remote.NAME.url in the repository's git config), a git URL, or a folder",
                "(inside a git repository or not); /PATH names the skill's folder in it and @REV a branch, tag or commit.",
                "For a URL, end the repository part with .git or '//' (git://host/skills.git/review or https://host/x//review).",
                "Refused: a skill that fails validation, holds a likely secret, or has symbolic links or paths leaving its folder.",
                "Binary files (up to limits.max_binary_bytes) are kept byte for byte, and executable scripts stay executable."})
    static final class Install extends BaseCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
        String reason;

        @Parameters(index = "0", paramLabel = "SOURCE[/PATH][@REV]", description = "Where the skill is.")
        String source;

        @Option(names = "--path", paramLabel = "PATH", description = "The skill's folder in the source (instead of /PATH).")
        String path;

        @Option(names = "--rev", paramLabel = "REV", description = "A branch, tag or commit of the source (instead of @REV; may hold '/').")
        String rev;

        Install(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillReport.Written w = ctx.skills(env.cwd()).install(source, path, rev, who(reason));
                SkillsShareCommands.report(this, w);
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "outdated", mixinStandardHelpOptions = true,
            description = {"Compare each installed skill with its source: changed upstream, edited here, or both.",
                "Fetches each source once; exit 1 when any skill is outdated or its source cannot be read."})
    static final class Outdated extends BaseCommand {
        Outdated(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                List<SkillReport.Status> all = ctx.skills(env.cwd()).outdated();
                out().result("skills outdated", all, o -> {
                    for (SkillReport.Status s : all) {
                        o.println(s.name() + ": " + state(s));
                    }
                    if (all.isEmpty()) {
                        o.println("(no installed skills)");
                    }
                });
                return all.stream().anyMatch(s -> s.outdated() || s.problem() != null) ? ExitCode.FINDINGS : ExitCode.OK;
            }
        }

        private static String state(SkillReport.Status s) {
            if (s.problem() != null) {
                return "source unreadable: " + s.problem();
            }
            String at = s.installed() == null ? "" : " " + s.installed().substring(0, 10);
            String up = s.upstream() == null ? "" : " -> " + s.upstream().substring(0, 10);
            String edited = s.modified() ? ", edited here" : "";
            return s.outdated() ? "outdated" + at + up + edited + " ('ctx skills update " + s.name() + "')" : "up to date" + at + edited;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Bring installed skills up to date with their sources, merging upstream changes into local edits, as one commit.",
                "A three-way merge from the recorded commit: where both sides changed the same lines, both are kept between",
                "conflict markers (<<<<<<< local ... >>>>>>> upstream), the commit is made and the exit code is 5: resolve, then commit."})
    static final class Update extends BaseCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why this change is made; recorded as the Ctx-Reason trailer.")
        String reason;

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Skills to update (default: every installed skill).")
        List<String> names = new ArrayList<>();

        Update(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillReport.Written w = ctx.skills(env.cwd()).update(names, who(reason));
                SkillsShareCommands.report(this, w);
                return w.conflicted() ? ExitCode.CONFLICT : ExitCode.OK;
            }
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Push a skill to a branch of a skills repository, ready for a pull request there.",
                "The commit goes on the branch (created from the source's HEAD, or the skill's recorded revision) and says which",
                "files were added, modified or removed. Never a force-push: a branch that moved elsewhere is a conflict."})
    static final class Publish extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The skill to publish.")
        String name;

        @Option(names = "--to", required = true, paramLabel = "REMOTE", description = "A configured remote, or a git URL or path.")
        String to;

        @Option(names = "--branch", paramLabel = "B", description = "The branch to push (default: skill/NAME).")
        String branch;

        @Option(names = "--path", paramLabel = "PATH", description = "The skill's folder there (default: where it was installed from,"
                + " else skills/NAME when the repository has skills/, else NAME).")
        String path;

        Publish(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                SkillReport.Published p = ctx.skills(env.cwd()).publish(name, to, branch, path, who(null));
                out().result("skills publish", p, o -> {
                    if (p.commit() == null) {
                        o.println("unchanged: " + p.url() + " already holds " + p.path() + " as it is here; nothing pushed");
                        return;
                    }
                    o.println("pushed " + p.commit().substring(0, 10) + " to " + p.branch() + " of " + p.url() + " (" + p.path() + ")");
                    o.print(indent(p.message()));
                    o.println("open a pull request from " + p.branch() + " there");
                });
                return ExitCode.OK;
            }
        }
    }

    private static String indent(String message) {
        StringBuilder sb = new StringBuilder();
        for (String l : message.strip().split("\n")) {
            sb.append(l.isBlank() ? "" : "  " + l).append('\n');
        }
        return sb.toString();
    }

    /** A skills write: the commit as every write prints it, then one line per skill. */
    static void report(BaseCommand cmd, SkillReport.Written w) {
        cmd.out().result(cmd.name(), w, o -> {
            if (w.write().changed()) {
                o.println(w.write().commit().substring(0, 10) + " " + w.write().subject());
            } else {
                o.println("unchanged: nothing to commit");
            }
            for (SkillReport.Change c : w.skills()) {
                line(o, c);
            }
        });
    }

    private static void line(PrintStream o, SkillReport.Change c) {
        String what = c.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String commits = c.to() == null ? "" : c.from() == null || c.from().equals(c.to()) ? " at " + c.to().substring(0, 10)
                : " " + c.from().substring(0, 10) + " -> " + c.to().substring(0, 10);
        o.println("  " + c.name() + ": " + what + commits + (c.files().isEmpty() ? "" : " (" + String.join(", ", c.files()) + ")"));
        for (String f : c.conflicts()) {
            // A binary file has no markers: its note says which file was kept and where upstream's is.
            String note = c.notes().stream().filter(n -> n.startsWith(f + " ")).findFirst().orElse(null);
            o.println(note != null ? "  conflict: skills/" + c.name() + "/" + note
                    : "  conflict: skills/" + c.name() + "/" + f + " keeps both sides between <<<<<<< and >>>>>>>; edit it, then commit");
        }
    }
}
