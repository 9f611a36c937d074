package dev.ctx.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The root {@code ctx} command: only lists subcommands, exit codes and the version. */
@Command(name = "ctx",
        mixinStandardHelpOptions = true,
        versionProvider = CtxCommand.Version.class,
        description = "A git-native memory for coding agents: markdown memory blocks and skills in a git repository, "
                + "every change a commit with provenance, searchable.",
        subcommands = {
            // Commands are listed in the order `ctx --help` shows them.
            InitCommand.class, StatusCommand.class, ListCommand.class, ShowCommand.class,
            WriteFileCommand.class, AppendCommand.class, ReplaceCommand.class, InsertCommand.class,
            MoveCommand.class, ForgetCommand.class, DescribeCommand.class, RememberCommand.class,
            ValidateCommand.class, HooksCommand.class, RecallCommand.class,
            LogCommand.class, ShowCommitCommand.class, DiffCommand.class, BlameCommand.class, ReviewCommand.class,
            RevertCommand.class, RestoreCommand.class, UndoCommand.class,
            EmbedServerCommand.class,
            SearchCommand.class, IndexCommand.class, ServerCommand.class,
            ContextCommand.class, McpCommand.class,
            SetupCommand.class,
            ImportCommand.class, ExportCommand.class,
            SkillsCommand.class,
            RemoteCommand.class, SyncCommand.class, PullCommand.class, PushCommand.class, ResolveCommand.class,
            DreamCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:findings (validation errors, review blockers)",
            "2:usage error",
            "3:not found (path, revision, session)",
            "4:refused: input breaks a rule; nothing changed",
            "5:conflict: a concurrent change or uncommitted edits in the way",
            "6:no context repository here (or one exists already)",
            "7:I/O failure (files, git objects, network)",
            "8:internal error (a bug; rerun with --verbose)"
        })
public final class CtxCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version the build stamped into the jar manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CtxCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ctx " + (v == null ? "dev" : v) + " (format 1, json schema 1)"};
        }
    }
}
