package dev.ctx.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clones and a bare repository on disk: sync, pull, push, conflicts, refusals, through the CLI in process. */
class SyncCommandsTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path bare;
    Path a;
    Path b;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        bare = tmp.resolve("remote.git");
        t.git(tmp, "init", "-q", "--bare", "-b", "main", bare.toString());
        a = t.init();
        t.inRepo(a, "remote", "add", "origin", bare.toString());
        Run first = t.inRepo(a, "sync");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("pushed to origin/main"), first.out());
        t.ok("init", "b", "--from", bare.toUri().toString());
        b = t.dir.resolve("b");
    }

    private String file(Path repo, String path) throws Exception {
        return Files.readString(repo.resolve(path));
    }

    @Test
    void factsAppendedToOneBlockOnTwoClonesBothSurviveWithTheirTrailers() throws Exception {
        t.okInRepo(a, "remember", "the build uses maven", "--agent", "agent-a", "--reason", "said so");
        t.okInRepo(b, "remember", "tests run with junit 5", "--agent", "agent-b", "--session", "s-b");
        t.okInRepo(a, "sync");
        String bBefore = t.git(b, "rev-parse", "HEAD");
        Run rb = t.okInRepo(b, "sync");
        assertTrue(rb.out().contains("re-applied 1 local commit on origin/main"), rb.out());
        assertTrue(rb.out().contains("backup of the previous branch: refs/ctx/backup/main/"), rb.out());
        String backup = rb.out().replaceAll("(?s).*backup of the previous branch: (\\S+).*", "$1");
        assertEquals(bBefore, t.git(b, "rev-parse", backup), "the backup ref holds the branch as it was before the sync");
        Run ra = t.okInRepo(a, "sync");
        assertTrue(ra.out().contains("fast-forwarded"), ra.out());
        String notes = file(a, "system/notes.md");
        assertEquals(notes, file(b, "system/notes.md"));
        assertTrue(notes.contains("- the build uses maven\n") && notes.contains("- tests run with junit 5\n"), notes);
        String msg = t.git(b, "log", "-1", "--format=%an%n%B");
        assertTrue(msg.startsWith("agent-b\n"), msg);
        assertTrue(msg.contains("Ctx-Agent: agent-b") && msg.contains("Ctx-Session: s-b"), msg);
        assertEquals(t.git(a, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
        assertEquals("", t.git(b, "status", "--porcelain"), "the working tree follows the integration");
        t.assertFsckClean(a);
        t.assertFsckClean(b);
    }

    @Test
    void theSameFactOnBothSidesIsKeptOnce() throws Exception {
        t.okInRepo(a, "remember", "deploys go through CI");
        t.okInRepo(b, "remember", "deploys go through CI");
        t.okInRepo(a, "sync");
        Run rb = t.okInRepo(b, "sync");
        assertTrue(rb.out().contains("up to date") || rb.out().contains("already there"), rb.out());
        String notes = file(b, "system/notes.md");
        assertEquals(notes.indexOf("deploys go through CI"), notes.lastIndexOf("deploys go through CI"), notes);
    }

    @Test
    void aTrueConflictKeepsBothSidesIsReportedAndIsSettledByResolve() throws Exception {
        t.okInRepo(a, "remember", "the port is 8080");
        t.okInRepo(a, "sync");
        t.okInRepo(b, "sync");
        t.okInRepo(a, "replace", "system/notes", "--old", "the port is 8080", "--new", "the port is 9090");
        t.okInRepo(b, "replace", "system/notes", "--old", "the port is 8080", "--new", "the port is 7070");
        t.okInRepo(a, "sync");
        Run rb = t.inRepo(b, "--json", "sync");
        assertEquals(1, rb.exit(), rb.toString());
        JsonNode data = new ObjectMapper().readTree(rb.out()).get("data");
        assertEquals("system/notes.md", data.get("unresolved").get(0).asText());
        String text = file(b, "system/notes.md");
        assertTrue(text.contains("<<<<<<< this clone\n- the port is 7070\n=======\n- the port is 9090\n>>>>>>> origin\n"), text);
        assertEquals(t.git(b, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"), "both sides are shared for a person to settle");
        Run status = t.okInRepo(b, "status");
        assertTrue(status.out().contains("origin"), status.out());
        t.okInRepo(b, "resolve", "system/notes", "--keep", "local");
        assertTrue(file(b, "system/notes.md").contains("- the port is 7070\n"));
        assertFalse(file(b, "system/notes.md").contains("<<<<<<<"));
        assertEquals(0, t.inRepo(b, "sync").exit());
        t.okInRepo(a, "sync");
        assertEquals(file(a, "system/notes.md"), file(b, "system/notes.md"));
        Run again = t.inRepo(b, "resolve", "system/notes");
        assertEquals(3, again.exit(), again.toString());
    }

    @Test
    void pushIsRefusedWhenTheRemoteHasCommitsAndPullIntegratesWithoutPushing() throws Exception {
        t.okInRepo(a, "remember", "fact from a");
        t.okInRepo(a, "sync");
        t.okInRepo(b, "remember", "fact from b");
        Run push = t.inRepo(b, "push");
        assertEquals(5, push.exit(), push.toString());
        assertTrue(push.err().contains("run 'ctx sync origin'"), push.err());
        String remoteBefore = t.git(bare, "rev-parse", "main");
        t.okInRepo(b, "pull");
        assertEquals(remoteBefore, t.git(bare, "rev-parse", "main"), "pull does not push");
        assertTrue(file(b, "system/notes.md").contains("fact from a"));
        Run st = t.okInRepo(b, "--json", "status");
        JsonNode tr = new ObjectMapper().readTree(st.out()).get("data").get("remotes").get(0);
        assertEquals(1, tr.get("ahead").asInt());
        assertEquals(0, tr.get("behind").asInt());
        t.okInRepo(b, "push");
        assertEquals(t.git(b, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }

    @Test
    void unrelatedHistoriesAreRefusedAndJoinedOnlyWhenAsked() throws Exception {
        t.okInRepo(a, "remember", "fact from a");
        t.okInRepo(a, "sync");
        Path c = t.dir.resolve("c");
        t.clock = java.time.Clock.offset(t.clock, java.time.Duration.ofHours(1)); // another repository, made at another time
        t.ok("init", "c");
        t.okInRepo(c, "remember", "fact from c");
        t.okInRepo(c, "remote", "add", "origin", bare.toString());
        String before = t.git(c, "rev-parse", "HEAD");
        Run refused = t.inRepo(c, "sync");
        assertEquals(4, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("share no history") && refused.err().contains("--join-unrelated"), refused.err());
        assertEquals(before, t.git(c, "rev-parse", "HEAD"));
        t.okInRepo(c, "sync", "--join-unrelated");
        String notes = file(c, "system/notes.md");
        assertTrue(notes.contains("fact from a") && notes.contains("fact from c"), notes);
        t.okInRepo(a, "sync");
        assertEquals(notes, file(a, "system/notes.md"));
        t.assertFsckClean(c);
    }

    @Test
    void aRewrittenRemoteIsRefusedAndNothingIsLost() throws Exception {
        t.okInRepo(a, "remember", "fact one");
        t.okInRepo(a, "sync");
        t.okInRepo(b, "sync");
        // someone rewrites the remote's history with plain git
        Path rogue = tmp.resolve("rogue");
        t.git(tmp, "clone", "-q", bare.toString(), rogue.toString());
        t.git(rogue, "reset", "-q", "--hard", "HEAD~1");
        Files.writeString(rogue.resolve("other.md"), "---\ndescription: x\n---\nrewritten\n");
        t.git(rogue, "add", "other.md");
        t.git(rogue, "commit", "-qm", "rewrite");
        t.git(rogue, "push", "-q", "-f", "origin", "HEAD:main");
        t.okInRepo(b, "remember", "fact two");
        String before = t.git(b, "rev-parse", "HEAD");
        Run r = t.inRepo(b, "sync");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("was rewritten since the last sync") && r.err().contains("--allow-rewritten"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertEquals(before, t.git(b, "rev-parse", "HEAD"));
        assertEquals(5, t.inRepo(b, "sync").exit(), "refused again, not silently accepted after one try");
        t.okInRepo(b, "sync", "--allow-rewritten");
        String notes = file(b, "system/notes.md");
        assertTrue(notes.contains("fact one") && notes.contains("fact two"), notes);
        assertTrue(Files.exists(b.resolve("other.md")));
        t.assertFsckClean(b);
        t.assertFsckClean(bare);
    }

    @Test
    void uncommittedEditsOfAFileTheSyncWouldChangeAreNeverOverwritten() throws Exception {
        t.okInRepo(a, "remember", "first fact from a");
        t.okInRepo(a, "sync");
        t.okInRepo(b, "sync");
        t.okInRepo(a, "remember", "fact from a");
        t.okInRepo(a, "sync");
        Path notes = b.resolve("system/notes.md");
        String mine = Files.readString(notes) + "- typed by hand, not committed\n";
        Files.writeString(notes, mine);
        t.okInRepo(b, "remember", "committed fact", "--in", "topics/b");
        String before = t.git(b, "rev-parse", "HEAD");
        Run r = t.inRepo(b, "sync");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("system/notes.md has uncommitted changes"), r.err());
        assertEquals(before, t.git(b, "rev-parse", "HEAD"));
        assertEquals(mine, Files.readString(notes));
        t.git(b, "commit", "-qam", "person commits the edit");
        t.okInRepo(b, "sync");
        String merged = Files.readString(notes);
        assertTrue(merged.contains("fact from a") && merged.contains("typed by hand"), merged);
    }

    @Test
    void aRemoteThatIsGoneGivesOneClearError() throws Exception {
        t.okInRepo(a, "remember", "kept locally");
        Files.move(bare, tmp.resolve("moved.git"));
        Run r = t.inRepo(a, "sync");
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot fetch from remote 'origin'"), r.err());
        assertTrue(file(a, "system/notes.md").contains("kept locally"));
    }

    @Test
    void remotesAreListedAndRemovedAndATokenInAUrlIsRefused() throws Exception {
        Run list = t.okInRepo(a, "--json", "remote", "list");
        assertTrue(list.out().contains("\"name\":\"origin\""), list.out());
        Run secret = t.inRepo(a, "remote", "add", "host", "https://me:ghp_supersecret123@example.com/mem.git");
        assertEquals(4, secret.exit(), secret.toString());
        assertFalse(secret.err().contains("ghp_supersecret123") || secret.out().contains("ghp_supersecret123"), secret.toString());
        assertEquals(5, t.inRepo(a, "remote", "add", "origin", "/elsewhere").exit());
        t.okInRepo(a, "remote", "remove", "origin");
        assertEquals(3, t.inRepo(a, "sync").exit());
        assertEquals(3, t.inRepo(a, "remote", "remove", "origin").exit());
        assertNotEquals(0, t.inRepo(a, "remote", "add", "bad name", "/x").exit());
    }
}
