package dev.ctx.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ctx.model.FileContent;
import dev.ctx.model.RepoPath;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bytes channel of a change is for skill folders only: memory files stay text. */
class ChangeBytesTest {
    private static final FileContent PNG = new FileContent(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff}, false);

    @Test
    void bytesAreAcceptedInsideASkillFolderOnly() {
        Change c = new Change(Map.of(), Map.of(RepoPath.of("skills/brand-kit/assets/logo.png"), PNG), "logo");
        assertEquals(Optional.of(PNG), c.all().get(RepoPath.of("skills/brand-kit/assets/logo.png")));
        assertThrows(IllegalArgumentException.class, () -> new Change(Map.of(), Map.of(RepoPath.of("system/notes.md"), PNG), "x"));
        assertThrows(IllegalArgumentException.class, () -> new Change(Map.of(), Map.of(RepoPath.of("notes/logo.png"), PNG), "x"));
        assertThrows(IllegalArgumentException.class, () -> new Change(Map.of(RepoPath.of("skills/a/x.md"), Optional.of("t")),
                Map.of(RepoPath.of("skills/a/x.md"), PNG), "both"));
    }

    @Test
    void contentIsComparedByBytesAndMode() {
        byte[] b = {1, 2, 3};
        FileContent plain = new FileContent(b, false);
        b[0] = 9; // the value copied the array: changing it afterwards changes nothing
        assertEquals(new FileContent(new byte[] {1, 2, 3}, false), plain);
        assertEquals(false, plain.equals(plain.withExecutable(true)));
        assertEquals(null, PNG.textOrNull());
        assertEquals("a\n", FileContent.text("a\n").textOrNull());
    }
}
