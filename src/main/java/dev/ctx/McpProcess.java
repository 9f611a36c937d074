package dev.ctx;

import dev.ctx.app.Ctx;
import dev.ctx.mcp.McpServe;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code ctx mcp} as its own process: the MCP server on this process's stdin and stdout. Only {@code --repo DIR}
 * is read here; {@code --help} and anything else go to the CLI's {@code mcp} command, which documents it.
 */
final class McpProcess {
    private McpProcess() {
    }

    static boolean wanted(String[] args) {
        if (args.length == 0 || !args[0].equals("mcp")) {
            return false;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        return rest.isEmpty() || (rest.size() == 2 && rest.get(0).equals("--repo")) || (rest.size() == 1 && rest.get(0).startsWith("--repo="));
    }

    static int serve(String[] args, Map<String, String> vars) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path cwd = Path.of("").toAbsolutePath();
        String explicit = args.length == 3 ? args[2] : args.length == 2 ? args[1].substring("--repo=".length()) : null;
        Path repo = Ctx.locate(explicit == null ? null : Path.of(explicit), vars.get("CTX_REPO"), cwd);
        String home = vars.get("HOME");
        Ctx.configureProcess(home == null ? null : Path.of(home));
        String v = Main.class.getPackage().getImplementationVersion();
        try {
            return McpServe.run(repo, vars, Clock.systemUTC(), v == null ? "dev" : v, new FileInputStream(FileDescriptor.in),
                    new FileOutputStream(FileDescriptor.out), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 8;
        }
    }
}
