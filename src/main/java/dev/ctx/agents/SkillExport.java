package dev.ctx.agents;

import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Copies skills into the folder an agent reads them from ({@code .claude/skills/}, {@code .agents/skills/}), byte
 * for byte and with a script's executable bit.
 * Each exported folder holds {@link #MARKER}: the files ctx wrote and their SHA-256, so a later setup
 * refreshes exactly those, a skill of the user's own with the same name is never overwritten, and removal
 * deletes only files still as ctx wrote them (an edited one is kept and named).
 */
final class SkillExport {
    static final String MARKER = ".ctx-export";

    private SkillExport() {
    }

    /** {@code skills}: folder name to (relative path to bytes and mode); with {@code remove}, every export is taken out. */
    static void plan(Plan plan, Path dir, Map<String, Map<String, FileContent>> skills, boolean remove) throws CtxException {
        plan(plan, dir, skills, remove, true);
    }

    /**
     * {@link #plan(Plan, Path, Map, boolean)}; without {@code prune}, exports of skills not in {@code skills} stay
     * ({@code ctx skills export} into a folder {@code ctx setup} also fills must not take out setup's own skills).
     */
    static void plan(Plan plan, Path dir, Map<String, Map<String, FileContent>> skills, boolean remove, boolean prune) throws CtxException {
        Map<String, Map<String, String>> exported = exported(dir);
        for (Map.Entry<String, Map<String, String>> e : exported.entrySet()) {
            if (remove || (prune && !skills.containsKey(e.getKey()))) {
                takeOut(plan, dir.resolve(e.getKey()), e.getValue());
            }
        }
        if (remove) {
            return;
        }
        for (Map.Entry<String, Map<String, FileContent>> s : skills.entrySet()) {
            Path folder = dir.resolve(s.getKey());
            Map<String, String> before = exported.get(s.getKey());
            if (before == null && Files.exists(folder)) {
                throw CtxException.conflict(folder + " exists and was not exported by ctx; rename or move that skill, then run ctx setup again (nothing was written)");
            }
            StringBuilder marker = new StringBuilder("# Files exported by ctx setup (sha256, path); ctx setup --remove deletes those still unchanged.\n");
            for (Map.Entry<String, FileContent> f : s.getValue().entrySet()) {
                Path p = folder.resolve(f.getKey());
                plan.putFile(p, Plan.readFile(p), f.getValue());
                marker.append(f.getValue().sha256()).append("  ").append(f.getKey()).append('\n');
            }
            if (before != null) {
                for (Map.Entry<String, String> old : before.entrySet()) {
                    Path p = folder.resolve(old.getKey());
                    FileContent now = Plan.readFile(p);
                    if (!s.getValue().containsKey(old.getKey()) && now != null && now.sha256().equals(old.getValue())) {
                        plan.putFile(p, now, null);
                    }
                }
            }
            Path m = folder.resolve(MARKER);
            plan.put(m, Plan.read(m), marker.toString());
        }
    }

    private static void takeOut(Plan plan, Path folder, Map<String, String> files) throws CtxException {
        boolean all = true;
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = folder.resolve(f.getKey());
            FileContent now = Plan.readFile(p);
            if (now != null && now.sha256().equals(f.getValue())) {
                plan.putFile(p, now, null);
            } else if (now != null) {
                all = false;
                plan.note("kept " + p + ": it was edited after ctx exported it");
            }
        }
        if (all) {
            Path m = folder.resolve(MARKER);
            plan.put(m, Plan.read(m), null);
        }
    }

    /** Exported folders under {@code dir}: name to (relative path to the hash ctx wrote). */
    private static Map<String, Map<String, String>> exported(Path dir) throws CtxException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path folder : s.sorted().toList()) {
                String text = Plan.read(folder.resolve(MARKER));
                if (text == null) {
                    continue;
                }
                Map<String, String> files = new LinkedHashMap<>();
                for (String line : text.split("\n")) {
                    int sp = line.indexOf("  ");
                    if (!line.startsWith("#") && sp == 64 && isSafe(line.substring(sp + 2))) {
                        files.put(line.substring(sp + 2), line.substring(0, sp));
                    }
                }
                out.put(folder.getFileName().toString(), files);
            }
        } catch (IOException e) {
            throw CtxException.io("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A marker is a file on disk anyone can edit: only plain relative paths inside the folder are trusted. */
    private static boolean isSafe(String rel) {
        return !rel.isEmpty() && !rel.startsWith("/") && !List.of(rel.split("/")).contains("..");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
