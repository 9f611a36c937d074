package dev.ctx.skills;

import dev.ctx.git.RemoteAccess;
import dev.ctx.git.SkillRepository;
import dev.ctx.git.SkillRepository.Entry;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The skills repositories one command reads: each URL fetched once into its mirror under {@code cacheRoot},
 * plain folders read from disk. Closing closes the mirrors.
 */
final class Sources implements AutoCloseable {
    /** A skill folder as found at a source: the commit read (null for a plain folder) and its entries. */
    record Found(SkillSource source, String commit, List<Entry> entries) {
    }

    private final Path cacheRoot;
    private final long maxBytes;
    private final RemoteAccess access;
    private final Map<String, SkillRepository> open = new HashMap<>();

    Sources(Path cacheRoot, long maxBytes, RemoteAccess access) {
        this.cacheRoot = cacheRoot;
        this.maxBytes = maxBytes;
        this.access = access;
    }

    SkillRepository repository(String url) throws CtxException {
        SkillRepository r = open.get(url);
        if (r == null) {
            r = SkillRepository.fetch(cacheRoot, url, access);
            open.put(url, r);
        }
        return r;
    }

    /** The skill folder {@code s} names, at its revision; NOT_FOUND (listing the skills there) when it is not one skill's folder. */
    Found read(SkillSource s) throws CtxException {
        if (s.plainFolder()) {
            if (!Files.isDirectory(s.folder())) {
                throw CtxException.notFound(s.folder() + " is not a folder; give the folder of a skill (the one holding SKILL.md)");
            }
            if (!DiskSkills.isSkill(s.folder())) {
                throw CtxException.notFound(s.folder() + " holds no SKILL.md" + listing(DiskSkills.skillsIn(s.folder()).stream()
                        .map(p -> p.getFileName().toString()).toList(), s.folder().toString() + "/"));
            }
            return new Found(s, null, DiskSkills.entries(s.folder(), maxBytes));
        }
        SkillRepository r = repository(s.url());
        String commit = r.resolve(s.rev());
        List<Entry> entries = r.entries(commit, s.path(), maxBytes);
        if (entries.stream().noneMatch(e -> e.path().equals("SKILL.md"))) {
            String where = s.source() + (s.path().isEmpty() ? "" : "/" + s.path());
            List<String> skills = r.skillFolders(commit, s.path());
            String prefix = s.source() + "/";
            throw CtxException.notFound(where + " at " + commit.substring(0, 10) + (entries.isEmpty() ? " does not exist" : " holds no SKILL.md")
                    + listing(skills, prefix));
        }
        return new Found(s, commit, entries);
    }

    /** The skill's folder at an older commit of its source (the merge base); null when the commit is gone. */
    Map<String, FileContent> at(SkillSource s, String commit) throws CtxException {
        if (s.plainFolder() || commit == null) {
            return null;
        }
        SkillRepository r = repository(s.url());
        if (!r.has(commit)) {
            return null;
        }
        return new TreeMap<>(SkillCheck.files(r.entries(commit, s.path(), maxBytes)));
    }

    private static String listing(List<String> skills, String prefix) {
        if (skills.isEmpty()) {
            return "; a skill is a folder with a SKILL.md";
        }
        List<String> shown = skills.stream().limit(5).map(k -> prefix + k).toList();
        return "; it holds " + skills.size() + " skill" + (skills.size() == 1 ? "" : "s") + ": " + String.join(", ", shown)
                + (skills.size() > 5 ? ", ..." : "") + " (install one of them)";
    }

    /**
     * The content hash provenance records: SHA-256 over each file's path and SHA-256, in path order (SKILL.md without
     * ctx's own keys); an executable file's line says so, so a mode changed upstream is a change. A text-only skill
     * without executables hashes as it always did.
     */
    static String hash(Map<String, FileContent> files) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, FileContent> f : new TreeMap<>(files).entrySet()) {
                FileContent c = f.getValue();
                String one = f.getKey().equals("SKILL.md") && c.textOrNull() != null
                        ? FileContent.text(SkillOrigin.strip(c.textOrNull())).sha256() : c.sha256();
                all.update((f.getKey() + "\0" + one + (c.executable() ? " x" : "") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        open.values().forEach(SkillRepository::close);
    }
}
