package dev.ctx.cli;

import dev.ctx.app.Ctx;
import dev.ctx.model.RemoteEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Add, remove or list the git remotes this memory syncs with.",
            "A remote is any git URL: a path or file://, ssh:// or user@host:path, https://. Tokens never go in the URL (docs/sharing.md)."},
        subcommands = {RemoteCommand.Add.class, RemoteCommand.Remove.class, RemoteCommand.ListRemotes.class})
final class RemoteCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a remote by name and URL.",
                "A relative path is taken from the current folder. A URL that carries a password or token is refused: "
                        + "put the token in $CTX_SYNC_TOKEN (or the variable sync.token_env names) or a git credential helper."})
    static final class Add extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name, e.g. origin.")
        String name;

        @Parameters(index = "1", paramLabel = "URL", description = "Where it is: a path, file://, ssh://, user@host:path or https:// URL.")
        String url;

        Add(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                String where = isLocalPath(url) ? env.cwd().resolve(url).toAbsolutePath().normalize().toString() : url;
                ctx.addRemote(name, where);
                RemoteEntry added = ctx.remotes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("name", added.name());
                data.put("url", added.url());
                out().result("remote add", data, o -> o.println("added remote " + added.name() + " " + added.url()));
                return ExitCode.OK;
            }
        }

        /** Not a URL (no scheme) and not git's user@host:path form: a folder, resolved here because a server's cwd is not the caller's. */
        static boolean isLocalPath(String url) {
            return !url.contains("://") && !url.matches("^[^/\\\\]+:.*");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a remote and its remote-tracking refs.", "Local memory and its history stay as they are."})
    static final class Remove extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The remote to remove.")
        String name;

        Remove(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                ctx.removeRemote(name);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("name", name);
                out().result("remote remove", data, o -> o.println("removed remote " + name));
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the remotes with their URLs (any secret in a URL shown as ***)."})
    static final class ListRemotes extends BaseCommand {
        ListRemotes(Env env) {
            super(env);
        }

        @Override
        ExitCode execute() throws Exception {
            try (Ctx ctx = open()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (RemoteEntry r : ctx.remotes()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", r.name());
                    row.put("url", r.url());
                    rows.add(row);
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("remotes", rows);
                out().result("remote list", data, o -> {
                    if (rows.isEmpty()) {
                        o.println("no remotes; add one with 'ctx remote add origin URL'");
                    }
                    rows.forEach(r -> o.println(r.get("name") + "\t" + r.get("url")));
                });
                return ExitCode.OK;
            }
        }
    }
}
