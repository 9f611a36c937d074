package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ctx.model.FileContent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The folder-level rules of an update's three-way merge, file by file. */
class FolderMergeTest {
    private static final String BASE = "one\ntwo\nthree\nfour\nfive\n";

    @Test
    void eachSideKeepsWhatOnlyItChanged() {
        Map<String, FileContent> base = files("SKILL.md", BASE, "old.md", "old\n", "gone.md", "gone\n");
        Map<String, FileContent> ours = files("SKILL.md", BASE.replace("one", "ONE"), "old.md", "old\n", "gone.md", "gone\n", "mine.sh", "echo mine\n");
        Map<String, FileContent> theirs = files("SKILL.md", BASE.replace("five", "FIVE"), "new.md", "new\n", "gone.md", "gone\n");
        FolderMerge.Result r = FolderMerge.merge(base, ours, theirs, "team@abc");
        assertEquals(Optional.of("ONE\ntwo\nthree\nfour\nFIVE\n"), text(r, "SKILL.md"), "both line edits");
        assertEquals(Optional.of("echo mine\n"), text(r, "mine.sh"), "a file added here stays");
        assertEquals(Optional.of("new\n"), text(r, "new.md"), "a file added upstream arrives");
        assertEquals(Optional.empty(), text(r, "old.md"), "deleted upstream, untouched here: deleted");
        assertEquals(Optional.of("gone\n"), text(r, "gone.md"));
        assertEquals(List.of(), r.conflicts());
    }

    @Test
    void sameLinesOrAnEditAgainstADeletionConflictAndKeepBothSides() {
        Map<String, FileContent> base = files("SKILL.md", BASE, "ref.md", "ref\n");
        Map<String, FileContent> ours = files("SKILL.md", BASE.replace("three", "ours"), "ref.md", "ref edited\n");
        Map<String, FileContent> theirs = files("SKILL.md", BASE.replace("three", "theirs"));
        FolderMerge.Result r = FolderMerge.merge(base, ours, theirs, "team@abc");
        assertEquals(Optional.of("one\ntwo\n<<<<<<< local\nours\n=======\ntheirs\n>>>>>>> team@abc\nfour\nfive\n"), text(r, "SKILL.md"));
        assertEquals(Optional.of("ref edited\n"), text(r, "ref.md"), "the edited side of a deletion stays");
        assertEquals(List.of("SKILL.md", "ref.md"), r.conflicts());
    }

    @Test
    void aModeChangedUpstreamJoinsALocalTextEditAndABinaryChangedOnBothSidesKeepsOurs() {
        FileContent png = new FileContent(new byte[] {(byte) 0x89, 'P', 0, 1}, false);
        Map<String, FileContent> base = Map.of("run.sh", FileContent.text(BASE), "logo.png", png);
        Map<String, FileContent> ours = Map.of("run.sh", FileContent.text(BASE.replace("one", "ONE")), "logo.png", new FileContent(new byte[] {1, 0}, false));
        Map<String, FileContent> theirs = Map.of("run.sh", FileContent.text(BASE).withExecutable(true), "logo.png", new FileContent(new byte[] {2, 0}, false));
        FolderMerge.Result r = FolderMerge.merge(base, ours, theirs, "team@abc");
        assertEquals(Optional.of(FileContent.text(BASE.replace("one", "ONE")).withExecutable(true)), r.files().get("run.sh"), "the edit, and upstream's mode");
        assertEquals(Optional.of(new FileContent(new byte[] {1, 0}, false)), r.files().get("logo.png"), "the local binary, unmarked");
        assertEquals(List.of("logo.png"), r.conflicts());
        assertEquals(List.of("logo.png is binary and changed on both sides: the local file is kept; upstream's is logo.png at team@abc"), r.notes());
    }

    private static Map<String, FileContent> files(String... pathAndText) {
        Map<String, FileContent> out = new java.util.TreeMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            out.put(pathAndText[i], FileContent.text(pathAndText[i + 1]));
        }
        return out;
    }

    private static Optional<String> text(FolderMerge.Result r, String path) {
        return r.files().get(path).map(FileContent::textOrNull);
    }

    @Test
    void withoutABaseOnlyIdenticalFilesMerge() {
        FolderMerge.Result r = FolderMerge.merge(null, files("SKILL.md", "a\n", "same.md", "s\n"), files("SKILL.md", "b\n", "same.md", "s\n"), "dir");
        assertEquals(Optional.of("<<<<<<< local\na\n=======\nb\n>>>>>>> dir\n"), text(r, "SKILL.md"));
        assertEquals(Optional.of("s\n"), text(r, "same.md"));
        assertEquals(List.of("SKILL.md"), r.conflicts());
    }
}
