package dev.ctx.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched status answers what a whole scan answers after every kind of change (edits, new and deleted
 * files, git add, git commit, checkout, new folders, ignore rules), and an edit of a few files costs no whole
 * scan of the working tree.
 */
class WorkTreeWatchTest {
    @TempDir
    Path tmp;

    @Test
    void answersAsAWholeScanDoesAndScansWholeOnlyWhenItMust() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path repo = t.init();
        GitRepo git = GitRepo.open(repo);
        try (WorkTreeWatch watch = new WorkTreeWatch(git)) {
            same(git, watch, Set.of());
            Path human = repo.resolve("system/human.md");
            String original = Files.readString(human, StandardCharsets.UTF_8);

            Files.writeString(human, original + "- likes tea\n", StandardCharsets.UTF_8);
            same(git, watch, Set.of("system/human.md"));
            Files.writeString(repo.resolve("system/new.md"), "---\ndescription: new\n---\nnew\n", StandardCharsets.UTF_8);
            same(git, watch, Set.of("system/human.md", "system/new.md"));
            Files.writeString(human, original, StandardCharsets.UTF_8);
            same(git, watch, Set.of("system/new.md"));
            t.git(repo, "add", "system/new.md");
            same(git, watch, Set.of("system/new.md"));
            t.git(repo, "commit", "-qm", "new block");
            same(git, watch, Set.of());
            Files.delete(human);
            same(git, watch, Set.of("system/human.md"));
            t.git(repo, "checkout", "--", "system/human.md");
            same(git, watch, Set.of());
            t.git(repo, "rm", "-q", "--cached", "system/new.md");
            same(git, watch, Set.of("system/new.md"));
            t.git(repo, "reset", "-q");
            same(git, watch, Set.of());
            assertEquals(1, watch.wholeScans(), "edits of files in watched folders are asked about path by path");

            Files.createDirectories(repo.resolve("topics"));
            Files.writeString(repo.resolve("topics/a.md"), "a\n", StandardCharsets.UTF_8);
            same(git, watch, Set.of("topics/a.md"));
            Files.writeString(repo.resolve("topics/b.md"), "b\n", StandardCharsets.UTF_8);
            same(git, watch, Set.of("topics/a.md", "topics/b.md"));
            Files.writeString(repo.resolve(".gitignore"), "topics/b.md\n", StandardCharsets.UTF_8);
            same(git, watch, Set.of("topics/a.md", ".gitignore"));
            assertEquals(3, watch.wholeScans(), "a new folder and an ignore rule make whole scans, then the new folder is watched");

            for (int i = 0; i <= WorkTreeWatch.MOST_PATHS; i++) {
                Files.writeString(repo.resolve("topics/n" + i + ".md"), "n\n", StandardCharsets.UTF_8);
            }
            assertEquals(git.uncommitted(), Set.copyOf(watch.uncommitted()));
            assertEquals(4, watch.wholeScans(), "past MOST_PATHS changed paths, one whole scan");
        }
    }

    @Test
    void aBranchMovedByAnotherProcessIsSeen() throws Exception {
        TestRepo t = new TestRepo(tmp);
        Path repo = t.init();
        GitRepo git = GitRepo.open(repo);
        try (WorkTreeWatch watch = new WorkTreeWatch(git)) {
            same(git, watch, Set.of());
            // Another clone's commit arrives by fetch and reset --soft: the tip moves, the working tree does not.
            Path human = repo.resolve("system/human.md");
            String original = Files.readString(human, StandardCharsets.UTF_8);
            Files.writeString(human, original + "- changed\n", StandardCharsets.UTF_8);
            t.git(repo, "commit", "-qam", "change");
            same(git, watch, Set.of());
            t.git(repo, "reset", "-q", "--soft", "HEAD~1");
            same(git, watch, Set.of("system/human.md"));
            t.git(repo, "reset", "-q", "--hard");
            same(git, watch, Set.of());
            assertTrue(watch.wholeScans() <= 1, "moves of the tip are followed path by path: " + watch.wholeScans());
        }
    }

    private static void same(GitRepo git, WorkTreeWatch watch, Set<String> expected) throws Exception {
        Set<String> whole = git.uncommitted();
        assertEquals(expected, whole, "the whole scan (the test's own expectation)");
        assertEquals(whole, Set.copyOf(watch.uncommitted()), "the watched status");
    }
}
