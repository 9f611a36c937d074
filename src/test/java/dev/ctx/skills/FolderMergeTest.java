package dev.ctx.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The folder-level rules of an update's three-way merge, file by file. */
class FolderMergeTest {
    private static final String BASE = "one\ntwo\nthree\nfour\nfive\n";

    @Test
    void eachSideKeepsWhatOnlyItChanged() {
        Map<String, String> base = Map.of("SKILL.md", BASE, "old.md", "old\n", "gone.md", "gone\n");
        Map<String, String> ours = Map.of("SKILL.md", BASE.replace("one", "ONE"), "old.md", "old\n", "gone.md", "gone\n", "mine.sh", "echo mine\n");
        Map<String, String> theirs = Map.of("SKILL.md", BASE.replace("five", "FIVE"), "new.md", "new\n", "gone.md", "gone\n");
        FolderMerge.Result r = FolderMerge.merge(base, ours, theirs, "team@abc");
        assertEquals(Optional.of("ONE\ntwo\nthree\nfour\nFIVE\n"), r.files().get("SKILL.md"), "both line edits");
        assertEquals(Optional.of("echo mine\n"), r.files().get("mine.sh"), "a file added here stays");
        assertEquals(Optional.of("new\n"), r.files().get("new.md"), "a file added upstream arrives");
        assertEquals(Optional.empty(), r.files().get("old.md"), "deleted upstream, untouched here: deleted");
        assertEquals(Optional.of("gone\n"), r.files().get("gone.md"));
        assertEquals(List.of(), r.conflicts());
    }

    @Test
    void sameLinesOrAnEditAgainstADeletionConflictAndKeepBothSides() {
        Map<String, String> base = Map.of("SKILL.md", BASE, "ref.md", "ref\n");
        Map<String, String> ours = Map.of("SKILL.md", BASE.replace("three", "ours"), "ref.md", "ref edited\n");
        Map<String, String> theirs = Map.of("SKILL.md", BASE.replace("three", "theirs"));
        FolderMerge.Result r = FolderMerge.merge(base, ours, theirs, "team@abc");
        assertEquals(Optional.of("one\ntwo\n<<<<<<< local\nours\n=======\ntheirs\n>>>>>>> team@abc\nfour\nfive\n"), r.files().get("SKILL.md"));
        assertEquals(Optional.of("ref edited\n"), r.files().get("ref.md"), "the edited side of a deletion stays");
        assertEquals(List.of("SKILL.md", "ref.md"), r.conflicts());
    }

    @Test
    void withoutABaseOnlyIdenticalFilesMerge() {
        FolderMerge.Result r = FolderMerge.merge(null, Map.of("SKILL.md", "a\n", "same.md", "s\n"), Map.of("SKILL.md", "b\n", "same.md", "s\n"), "dir");
        assertEquals(Optional.of("<<<<<<< local\na\n=======\nb\n>>>>>>> dir\n"), r.files().get("SKILL.md"));
        assertEquals(Optional.of("s\n"), r.files().get("same.md"));
        assertEquals(List.of("SKILL.md"), r.conflicts());
    }
}
