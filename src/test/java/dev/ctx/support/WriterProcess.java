package dev.ctx.support;

import dev.ctx.cli.Cli;
import dev.ctx.cli.Env;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * A real OS process that runs the ctx CLI (the same {@link Cli} code path as the launcher) many times in
 * a row, so a test can have many processes race on one repository without paying a JVM start per write.
 * Prints {@code OK <commit> <token>} after each success, flushed, so a test can check every reported
 * success survived, even when this process is killed right after.
 */
public final class WriterProcess {
    private WriterProcess() {
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        String agent = args[1];
        int count = Integer.parseInt(args[2]);
        IsolatedGit.install(Path.of(System.getenv("HOME")));
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("CTX_REPO", repo.toString());
        vars.put("CTX_AGENT", agent);
        PrintStream out = System.out;
        for (int i = 0; i < count; i++) {
            String token = agent + "-" + i;
            String[] cmd = switch (i % 3) {
                case 0 -> new String[] {"--json", "remember", "fact " + token, "--in", "shared/facts"};
                case 1 -> new String[] {"--json", "write", "agents/" + agent + "/n" + i, "--description", "note " + token, "--body", "body " + token};
                default -> new String[] {"--json", "append", "agents/" + agent + "/log", "line " + token};
            };
            if (i % 3 == 2 && i == 2) {
                run(vars, new String[] {"--json", "write", "agents/" + agent + "/log", "--description", "log of " + agent, "--body", "start"});
            }
            String[] res = run(vars, cmd);
            if (res[0].equals("0")) {
                String commit = res[1].replaceAll("(?s).*\"commit\":\"([0-9a-f]{40})\".*", "$1");
                out.println("OK " + commit + " " + token + " " + (i % 3));
            } else {
                out.println("FAIL " + res[0] + " " + token + " " + res[2].strip());
            }
            out.flush();
        }
    }

    private static String[] run(Map<String, String> vars, String[] cmd) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Env env = new Env(Path.of("").toAbsolutePath(), vars, InputStream.nullInputStream(),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), Clock.fixed(TestRepo.EPOCH, ZoneOffset.UTC));
        int code = new Cli(env).run(cmd);
        return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }
}
