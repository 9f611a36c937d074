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
 * A real OS process that runs {@code ctx --json search} many times in a row, each run a fresh {@link Cli}
 * (its own index handles, as a one-shot command has), so a test can race searches in several processes
 * against writers. Prints {@code OK <behind> <hits>} or {@code FAIL <exit> <stderr>} per search, flushed.
 */
public final class SearcherProcess {
    private SearcherProcess() {
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        IsolatedGit.install(Path.of(System.getenv("HOME")));
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("CTX_REPO", repo.toString());
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            Env env = new Env(Path.of("").toAbsolutePath(), vars, InputStream.nullInputStream(),
                    new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), Clock.fixed(TestRepo.EPOCH, ZoneOffset.UTC));
            int code = new Cli(env).run(new String[] {"--json", "search", i % 2 == 0 ? "fact" : "note body line", "-k", "50"});
            String out = o.toString(StandardCharsets.UTF_8);
            if (code == 0) {
                boolean behind = out.contains("\"behind\":true");
                int hits = out.split("\"path\":", -1).length - 1;
                System.out.println("OK " + behind + " " + hits);
            } else {
                System.out.println("FAIL " + code + " " + e.toString(StandardCharsets.UTF_8).strip());
            }
            System.out.flush();
        }
    }
}
