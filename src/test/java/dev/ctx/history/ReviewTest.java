package dev.ctx.history;

import dev.ctx.model.ReviewReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.git.CasResult;
import dev.ctx.git.Identity;
import dev.ctx.model.RepoPath;
import dev.ctx.store.Ops;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewTest {
    private static final String NOTES = "system/notes.md";

    @TempDir
    Path tmp;
    Fixture f;
    String base;

    /** A base on main, then a branch where two agents learn, rename, split and duplicate. */
    @BeforeEach
    void setUp() throws Exception {
        f = Fixture.create(tmp);
        f.remember("alice", "s1", NOTES, "Run the tests with mvn -B verify before pushing");
        f.write("alice", "s1", "project/big.md", "Everything about the build",
                "- build with mvn package\n- lint with spotless\n- test with JUnit 5\n- release from tags\n");
        base = f.write("alice", "s1", "project/old.md", "Old notes", "- keep me\n");
        f.branch("feature", base);
        f.remember("bob", "s2", NOTES, "Run the tests with mvn -B verify before pushing anything");
        f.remember("bob", "s2", NOTES, "The staging database is reset every night at 02:00 UTC");
        f.apply(new Ops.Describe(RepoPath.of("system/human.md"), "The person: name, role, preferences, working hours"), "bob", "s2");
        f.write("carol", "s3", "project/build.md", "Building", "- build with mvn package\n- lint with spotless\n");
        f.write("carol", "s3", "project/release.md", "Releasing", "- test with JUnit 5\n- release from tags\n");
        f.apply(new Ops.Forget(RepoPath.of("project/big.md")), "carol", "s3");
        f.apply(new Ops.Move(RepoPath.of("project/old.md"), RepoPath.of("project/new.md")), "carol", "s3");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ReviewReport.FileReview file(ReviewReport r, String path) {
        return r.files().stream().filter(x -> x.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " not in " + r.files()));
    }

    @Test
    void reportsFactsDescriptionsMovesSplitsGrowthDuplicatesAndAuthors() throws Exception {
        ReviewReport r = new Review(f.history).review("main..feature", Review.DEFAULT_THRESHOLD);
        assertEquals(7, r.commits());
        assertFalse(r.blocking(), r.blockers().toString());

        ReviewReport.FileReview notes = file(r, NOTES);
        assertEquals("modified", notes.status());
        assertEquals(2, notes.factsAdded().size());
        assertEquals(List.of("bob"), notes.agents());
        assertEquals(List.of("s2"), notes.sessions());

        ReviewReport.FileReview human = file(r, "system/human.md");
        assertTrue(human.descriptionChanged());

        ReviewReport.FileReview big = file(r, "project/big.md");
        assertEquals("split", big.status());
        assertEquals(List.of("project/build.md", "project/release.md"), big.splitInto());
        assertEquals(4, big.factsRemoved().size());

        ReviewReport.FileReview moved = file(r, "project/new.md");
        assertEquals("renamed", moved.status());
        assertEquals("project/old.md", moved.oldPath());

        assertTrue(r.system().charsDelta() > 50, r.system().toString());
        assertEquals(r.system().tokensAfter(), (r.system().charsAfter() + 3) / 4);
        assertFalse(r.system().over());

        assertEquals(1, r.duplicates().size(), r.duplicates().toString());
        ReviewReport.Duplicate d = r.duplicates().get(0);
        assertEquals("Run the tests with mvn -B verify before pushing anything", d.fact());
        assertEquals("Run the tests with mvn -B verify before pushing", d.existingFact());
        assertEquals(NOTES, d.existingPath());

        assertEquals(List.of("bob", "carol"), r.contributors().stream().map(ReviewReport.Contributor::agent).toList());
        assertEquals(3, r.contributors().get(0).commits());

        String md = ReviewMarkdown.render(r);
        assertTrue(md.contains("**No blocking findings.**"), md);
        assertTrue(md.contains("split into `project/build.md`, `project/release.md`"), md);
        assertTrue(md.contains("### Likely duplicates"), md);
    }

    @Test
    void validationErrorsAndAnOverBudgetSystemBlock() throws Exception {
        String tip = f.tip();
        Map<String, byte[]> edits = new LinkedHashMap<>();
        String yaml = f.read("ctx.yaml").replace("budget_chars: 20000", "budget_chars: 100");
        edits.put("ctx.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        edits.put("project/bare.md", "no front-matter here\n".getBytes(StandardCharsets.UTF_8));
        Identity person = new Identity("pat", "pat@example.org", f.clock.instant());
        String c = f.store.git().commit(tip, edits, person, person, "tighten the budget by hand");
        assertEquals(CasResult.UPDATED, f.store.git().compareAndSwap(tip, c, "test"));

        ReviewReport r = new Review(f.history).review("main..HEAD", Review.DEFAULT_THRESHOLD);
        assertTrue(r.blocking());
        assertTrue(r.system().over());
        assertEquals(2, r.blockers().size(), r.blockers().toString());
        assertTrue(r.findings().stream().anyMatch(x -> x.path().equals("project/bare.md") && x.isError()));
        assertTrue(r.contributors().stream().anyMatch(x -> x.agent().equals("pat")));
    }

    @Test
    void defaultRangeIsTheUpstreamElseThePreviousCommit() throws Exception {
        Review review = new Review(f.history);
        assertEquals("HEAD~1..HEAD", review.defaultRange());
        try (Git g = f.jgit()) {
            RefUpdate u = g.getRepository().updateRef("refs/remotes/origin/main");
            u.setNewObjectId(g.getRepository().resolve("main"));
            u.update();
            StoredConfig cfg = g.getRepository().getConfig();
            cfg.setString("remote", "origin", "url", tmp.resolve("elsewhere").toUri().toString());
            cfg.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            cfg.setString("branch", "feature", "remote", "origin");
            cfg.setString("branch", "feature", "merge", "refs/heads/main");
            cfg.save();
        }
        assertEquals("origin/main..HEAD", review.defaultRange());
        assertEquals(7, review.review(review.defaultRange(), 0.7).commits());
    }

    @Test
    void anEmptyRangeIsAnEmptyReport() throws Exception {
        ReviewReport r = new Review(f.history).review("HEAD..HEAD", 0.7);
        assertEquals(0, r.commits());
        assertTrue(r.files().isEmpty());
        assertFalse(r.blocking());
    }

    @Test
    void aFactDifferingInOneKeyTermIsAPossibleContradiction() throws Exception {
        f.remember("alice", "s1", NOTES, "The API validates input with Zod");
        String b = f.tip();
        f.branch("zod-to-joi", b);
        f.remember("dan", "s4", NOTES, "The API validates input with Joi");
        ReviewReport r = new Review(f.history).review(b + "..zod-to-joi", Review.DEFAULT_THRESHOLD);
        ReviewReport.Duplicate d = r.duplicates().stream().filter(x -> x.fact().contains("Joi")).findFirst()
                .orElseThrow(() -> new AssertionError("not flagged: " + r.duplicates()));
        assertEquals(ReviewReport.Duplicate.CONTRADICTION, d.kind());
        assertEquals("The API validates input with Zod", d.existingFact());
        assertTrue(d.score() < Review.DEFAULT_THRESHOLD, "flagged although under the duplicate threshold: " + d.score());
        assertTrue(ReviewMarkdown.render(r).contains("\"The API validates input with Joi\" may contradict `system/notes.md`"));
    }
}
