package dev.ctx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ctx.model.CtxException;
import dev.ctx.model.Provenance;
import dev.ctx.model.RepoPath;
import dev.ctx.support.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Ctx kept open (as the resident server keeps one) remembers findings per blob; its status must stay what a
 * freshly opened Ctx computes after writes through itself, through another Ctx and by plain git.
 */
class StatusCacheTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path root;
    final Provenance who = Provenance.of("tester", "s-1", null);

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        root = t.dir.resolve("r");
        try (Ctx ctx = Ctx.init(root, who, t.clock)) {
            ctx.write(RepoPath.of("notes/a.md"), "A note", "one\n", who);
        }
    }

    private Status fresh() throws CtxException {
        try (Ctx ctx = Ctx.open(root, t.clock, t.env)) {
            return ctx.status();
        }
    }

    @Test
    void aWarmStatusEqualsAFreshOneAfterEditsByItselfOthersAndPlainGit() throws Exception {
        try (Ctx warm = Ctx.open(root, t.clock, t.env)) {
            Status first = warm.status();
            assertEquals(fresh(), first);
            assertEquals(first, warm.status());

            warm.remember(null, "the build uses maven", who);
            assertEquals(fresh(), warm.status());

            try (Ctx other = Ctx.open(root, t.clock, t.env)) {
                other.write(RepoPath.of("notes/b.md"), "B", "two\n", who);
            }
            Status afterOther = warm.status();
            assertEquals(fresh(), afterOther);
            assertNotEquals(first.files(), afterOther.files(), "the file another writer committed is seen");

            t.git(root, "checkout", "--", ".");
            Files.writeString(root.resolve("system/notes.md"), "---\ndescription: notes\n---\n" + "y".repeat(30_000) + "\n");
            Files.writeString(root.resolve("ctx.yaml"), "format: 1\nsystem:\n  budget_chars: 1000\n  budget_tokens: 1000\n");
            Files.writeString(root.resolve("notes/c.md"), "---\ndescription: c\n---\ntoken ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
            t.git(root, "add", "-A");
            t.git(root, "commit", "-q", "-m", "plain git edit");
            Status afterGit = warm.status();
            assertEquals(fresh(), afterGit);
            assertEquals(1000, afterGit.system().budgetChars(), "the committed ctx.yaml is the configuration");
            assertNotEquals(afterOther.errors(), afterGit.errors(), "the secret and the budget plain git committed are seen");

            t.git(root, "rm", "-q", "notes/b.md");
            t.git(root, "commit", "-q", "-m", "plain git removal");
            assertEquals(fresh(), warm.status());
        }
    }

    @Test
    void aPooledCtxsStatusFollowsUncommittedEditsAsAFreshOneSeesThem() throws Exception {
        Ctx warm = Ctx.openPooled(root, t.clock, t.env, new Ctx.Warmth(new dev.ctx.index.embed.SharedModels(), Runnable::run));
        try {
            assertEquals(fresh(), warm.status());
            Files.writeString(root.resolve("notes/a.md"), "---\ndescription: A note\n---\nedited by a person\n");
            Files.writeString(root.resolve("notes/draft.md"), "---\ndescription: draft\n---\nnot added\n");
            Status edited = warm.status();
            assertEquals(fresh(), edited);
            assertEquals(java.util.List.of("notes/a.md", "notes/draft.md"), edited.uncommitted());

            warm.remember(null, "the build uses maven", who);
            assertEquals(fresh(), warm.status());
            t.git(root, "add", "notes/draft.md");
            t.git(root, "commit", "-q", "-m", "plain git commit of the draft");
            assertEquals(java.util.List.of("notes/a.md"), warm.status().uncommitted());
            t.git(root, "checkout", "--", ".");
            Status clean = warm.status();
            assertEquals(fresh(), clean);
            assertEquals(java.util.List.of(), clean.uncommitted());
        } finally {
            warm.closePooled();
        }
    }
}
