package dev.ctx.recall;

import dev.ctx.model.CtxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Codex's rollouts ({@code sessions/YYYY/MM/DD/rollout-*.jsonl}) not ingested yet, or grown since: the state
 * file (kept under the git dir, never committed) holds each rollout's size and modification time at the last
 * run. Ingestion itself only adds turns it has not seen, so a rollout read twice costs time, never duplicates.
 */
public final class CodexSessions {
    private final Path sessions;
    private final Path state;

    public CodexSessions(Path sessions, Path state) {
        this.sessions = sessions;
        this.state = state;
    }

    /** The rollouts new or changed since the last {@link #save}, oldest path first. */
    public List<Path> pending() throws CtxException {
        if (!Files.isDirectory(sessions)) {
            throw CtxException.notFound("no Codex sessions folder at " + sessions + "; pass --codex-sessions=DIR (Codex keeps them in ~/.codex/sessions)");
        }
        Map<String, String> seen = read();
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, String> e : scan().entrySet()) {
            if (!e.getValue().equals(seen.get(e.getKey()))) {
                out.add(Path.of(e.getKey()));
            }
        }
        return out;
    }

    /** Records {@code done} as ingested (their size and time now), keeping what earlier runs recorded. */
    public void save(List<Path> done) throws CtxException {
        Map<String, String> seen = read();
        try {
            for (Path p : done) {
                seen.put(p.toString(), stamp(p));
            }
            StringBuilder sb = new StringBuilder("# Codex rollouts ctx recall ingest --codex-sessions has read: size, modified (ms), path\n");
            seen.forEach((p, st) -> sb.append(st).append('\t').append(p).append('\n'));
            Files.createDirectories(state.getParent());
            Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CtxException.io("cannot record the ingested Codex rollouts in " + state + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> scan() throws CtxException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(sessions)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("rollout-") && f.toString().endsWith(".jsonl") && Files.isRegularFile(f))
                    .sorted().toList()) {
                out.put(p.toAbsolutePath().normalize().toString(), stamp(p));
            }
        } catch (IOException e) {
            throw CtxException.io("cannot list " + sessions + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String stamp(Path p) throws IOException {
        return Files.size(p) + "\t" + Files.getLastModifiedTime(p).toMillis();
    }

    private Map<String, String> read() throws CtxException {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(state)) {
                for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", 3);
                    if (!line.startsWith("#") && f.length == 3) {
                        out.put(f[2], f[0] + "\t" + f[1]);
                    }
                }
            }
        } catch (IOException e) {
            throw CtxException.io("cannot read " + state + ": " + e.getMessage(), e);
        }
        return out;
    }
}
