package dev.ctx.agents;

import dev.ctx.git.FileModes;
import dev.ctx.git.TextDiff;
import dev.ctx.model.CtxException;
import dev.ctx.model.FileContent;
import dev.ctx.model.SetupResult;
import dev.ctx.model.SetupResult.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file a setup touches, before and after (null: absent), gathered first so a bad file anywhere
 * refuses the whole setup before anything is written, and so {@code --dry-run} can show the same edits.
 */
final class Plan {
    /** Before and after as bytes (null: absent), and whether the file is to be executable (a skill's script). */
    private record Edit(byte[] before, byte[] after, boolean executable) {
    }

    private final Map<Path, Edit> edits = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** Records an edit; one whose text is unchanged is no edit. */
    void put(Path path, String before, String after) {
        if (before == null ? after != null : !before.equals(after)) {
            edits.put(path, new Edit(utf8(before), utf8(after), false));
        }
    }

    /** Records a file of a skill as bytes and mode ({@code after} null: delete); one already so on disk is no edit. */
    void putFile(Path path, FileContent before, FileContent after) {
        if (!java.util.Objects.equals(before, after)) {
            edits.put(path, new Edit(before == null ? null : before.bytes(), after == null ? null : after.bytes(), after != null && after.executable()));
        }
    }

    /** A file as bytes and mode, null when it is not a regular file. */
    static FileContent readFile(Path path) throws CtxException {
        try {
            return Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? new FileContent(Files.readAllBytes(path), Files.isExecutable(path)) : null;
        } catch (IOException e) {
            throw CtxException.io("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Text for the diff: the file's text, or a line saying it is binary (a diff of an image says nothing). */
    private static String shown(byte[] b) {
        if (b == null) {
            return null;
        }
        String t = new FileContent(b, false).textOrNull();
        return t != null ? t : "(binary file, " + b.length + " bytes)\n";
    }

    void note(String note) {
        notes.add(note);
    }

    static String read(Path path) throws CtxException {
        try {
            return Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw CtxException.io("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    List<SetupResult.FileEdit> fileEdits(Path base) {
        List<SetupResult.FileEdit> out = new ArrayList<>();
        edits.forEach((p, e) -> {
            Action a = e.before() == null ? Action.CREATE : e.after() == null ? Action.DELETE : Action.MODIFY;
            String label = p.startsWith(base) ? base.relativize(p).toString() : p.toString();
            out.add(new SetupResult.FileEdit(p, a, TextDiff.unified(label, shown(e.before()), shown(e.after()))));
        });
        return out;
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** Writes each file through a temporary file and a rename, so an agent never reads half a configuration. */
    void apply() throws CtxException {
        for (Map.Entry<Path, Edit> e : edits.entrySet()) {
            Path p = e.getKey();
            try {
                if (e.getValue().after() == null) {
                    Files.deleteIfExists(p);
                    removeEmptyParents(p.getParent());
                } else {
                    Files.createDirectories(p.getParent());
                    Path tmp = p.resolveSibling("." + p.getFileName() + ".ctx-tmp");
                    Files.write(tmp, e.getValue().after());
                    FileModes.setExecutable(tmp, e.getValue().executable()); // a skill's script stays executable
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException ex) {
                throw CtxException.io("cannot write " + p + ": " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * A folder setup emptied goes too, up to the agent's own folder ({@code .claude}, {@code .codex},
     * {@code .agents}) and never above it: nothing outside those folders is ever removed.
     */
    private static void removeEmptyParents(Path dir) throws IOException {
        Path top = null;
        for (Path d = dir; d != null && d.getFileName() != null; d = d.getParent()) {
            if (AGENT_FOLDERS.contains(d.getFileName().toString())) {
                top = d;
                break;
            }
        }
        if (top == null) {
            return;
        }
        for (Path d = dir; d.startsWith(top); d = d.getParent()) {
            try (var s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException ex) {
                return;
            }
        }
    }

    private static final java.util.Set<String> AGENT_FOLDERS = java.util.Set.of(".claude", ".codex", ".agents");
}
