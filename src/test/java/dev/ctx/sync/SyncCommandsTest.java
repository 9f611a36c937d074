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
        in(a, "remote", "add", "origin", bare.toString());
        Run first = in(a, "sync");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("pushed to origin/main"), first.out());
        t.ok("init", "b", "--from", bare.toUri().toString());
        b = t.dir.resolve("b");
    }

    private Run in(Path repo, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--repo";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return t.ctx(all);
    }

    private Run ok(Path repo, String... args) {
        Run r = in(repo, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + " -> " + r);
        return r;
    }

    private String file(Path repo, String path) throws Exception {
        return Files.readString(repo.resolve(path));
    }

    @Test
    void factsAppendedToOneBlockOnTwoClonesBothSurviveWithTheirTrailers() throws Exception {
        ok(a, "remember", "the build uses maven", "--agent", "agent-a", "--reason", "said so");
        ok(b, "remember", "tests run with junit 5", "--agent", "agent-b", "--session", "s-b");
        ok(a, "sync");
        String bBefore = t.git(b, "rev-parse", "HEAD");
        Run rb = ok(b, "sync");
        assertTrue(rb.out().contains("re-applied 1 local commit on origin/main"), rb.out());
        assertTrue(rb.out().contains("backup of the previous branch: refs/ctx/backup/main/"), rb.out());
        String backup = rb.out().replaceAll("(?s).*backup of the previous branch: (\\S+).*", "$1");
        assertEquals(bBefore, t.git(b, "rev-parse", backup), "the backup ref holds the branch as it was before the sync");
        Run ra = ok(a, "sync");
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
        ok(a, "remember", "deploys go through CI");
        ok(b, "remember", "deploys go through CI");
        ok(a, "sync");
        Run rb = ok(b, "sync");
        assertTrue(rb.out().contains("up to date") || rb.out().contains("already there"), rb.out());
        String notes = file(b, "system/notes.md");
        assertEquals(notes.indexOf("deploys go through CI"), notes.lastIndexOf("deploys go through CI"), notes);
    }

    @Test
    void aTrueConflictKeepsBothSidesIsReportedAndIsSettledByResolve() throws Exception {
        ok(a, "remember", "the port is 8080");
        ok(a, "sync");
        ok(b, "sync");
        ok(a, "replace", "system/notes", "--old", "the port is 8080", "--new", "the port is 9090");
        ok(b, "replace", "system/notes", "--old", "the port is 8080", "--new", "the port is 7070");
        ok(a, "sync");
        Run rb = in(b, "--json", "sync");
        assertEquals(1, rb.exit(), rb.toString());
        JsonNode data = new ObjectMapper().readTree(rb.out()).get("data");
        assertEquals("system/notes.md", data.get("unresolved").get(0).asText());
        String text = file(b, "system/notes.md");
        assertTrue(text.contains("<<<<<<< this clone\n- the port is 7070\n=======\n- the port is 9090\n>>>>>>> origin\n"), text);
        assertEquals(t.git(b, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"), "both sides are shared for a person to settle");
        Run status = ok(b, "status");
        assertTrue(status.out().contains("origin"), status.out());
        ok(b, "resolve", "system/notes", "--keep", "local");
        assertTrue(file(b, "system/notes.md").contains("- the port is 7070\n"));
        assertFalse(file(b, "system/notes.md").contains("<<<<<<<"));
        assertEquals(0, in(b, "sync").exit());
        ok(a, "sync");
        assertEquals(file(a, "system/notes.md"), file(b, "system/notes.md"));
        Run again = in(b, "resolve", "system/notes");
        assertEquals(3, again.exit(), again.toString());
    }

    @Test
    void pushIsRefusedWhenTheRemoteHasCommitsAndPullIntegratesWithoutPushing() throws Exception {
        ok(a, "remember", "fact from a");
        ok(a, "sync");
        ok(b, "remember", "fact from b");
        Run push = in(b, "push");
        assertEquals(5, push.exit(), push.toString());
        assertTrue(push.err().contains("run 'ctx sync origin'"), push.err());
        String remoteBefore = t.git(bare, "rev-parse", "main");
        ok(b, "pull");
        assertEquals(remoteBefore, t.git(bare, "rev-parse", "main"), "pull does not push");
        assertTrue(file(b, "system/notes.md").contains("fact from a"));
        Run st = ok(b, "--json", "status");
        JsonNode tr = new ObjectMapper().readTree(st.out()).get("data").get("remotes").get(0);
        assertEquals(1, tr.get("ahead").asInt());
        assertEquals(0, tr.get("behind").asInt());
        ok(b, "push");
        assertEquals(t.git(b, "rev-parse", "HEAD"), t.git(bare, "rev-parse", "main"));
    }

    @Test
    void unrelatedHistoriesAreRefusedAndJoinedOnlyWhenAsked() throws Exception {
        ok(a, "remember", "fact from a");
        ok(a, "sync");
        Path c = t.dir.resolve("c");
        t.clock = java.time.Clock.offset(t.clock, java.time.Duration.ofHours(1)); // another repository, made at another time
        t.ok("init", "c");
        ok(c, "remember", "fact from c");
        ok(c, "remote", "add", "origin", bare.toString());
        String before = t.git(c, "rev-parse", "HEAD");
        Run refused = in(c, "sync");
        assertEquals(4, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("share no history") && refused.err().contains("--join-unrelated"), refused.err());
        assertEquals(before, t.git(c, "rev-parse", "HEAD"));
        ok(c, "sync", "--join-unrelated");
        String notes = file(c, "system/notes.md");
        assertTrue(notes.contains("fact from a") && notes.contains("fact from c"), notes);
        ok(a, "sync");
        assertEquals(notes, file(a, "system/notes.md"));
        t.assertFsckClean(c);
    }

    @Test
    void aRewrittenRemoteIsRefusedAndNothingIsLost() throws Exception {
        ok(a, "remember", "fact one");
        ok(a, "sync");
        ok(b, "sync");
        // someone rewrites the remote's history with plain git
        Path rogue = tmp.resolve("rogue");
        t.git(tmp, "clone", "-q", bare.toString(), rogue.toString());
        t.git(rogue, "reset", "-q", "--hard", "HEAD~1");
        Files.writeString(rogue.resolve("other.md"), "---\ndescription: x\n---\nrewritten\n");
        t.git(rogue, "add", "other.md");
        t.git(rogue, "commit", "-qm", "rewrite");
        t.git(rogue, "push", "-q", "-f", "origin", "HEAD:main");
        ok(b, "remember", "fact two");
        String before = t.git(b, "rev-parse", "HEAD");
        Run r = in(b, "sync");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("was rewritten since the last sync") && r.err().contains("--allow-rewritten"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertEquals(before, t.git(b, "rev-parse", "HEAD"));
        assertEquals(5, in(b, "sync").exit(), "refused again, not silently accepted after one try");
        ok(b, "sync", "--allow-rewritten");
        String notes = file(b, "system/notes.md");
        assertTrue(notes.contains("fact one") && notes.contains("fact two"), notes);
        assertTrue(Files.exists(b.resolve("other.md")));
        t.assertFsckClean(b);
        t.assertFsckClean(bare);
    }

    @Test
    void uncommittedEditsOfAFileTheSyncWouldChangeAreNeverOverwritten() throws Exception {
        ok(a, "remember", "first fact from a");
        ok(a, "sync");
        ok(b, "sync");
        ok(a, "remember", "fact from a");
        ok(a, "sync");
        Path notes = b.resolve("system/notes.md");
        String mine = Files.readString(notes) + "- typed by hand, not committed\n";
        Files.writeString(notes, mine);
        ok(b, "remember", "committed fact", "--in", "topics/b");
        String before = t.git(b, "rev-parse", "HEAD");
        Run r = in(b, "sync");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("system/notes.md has uncommitted changes"), r.err());
        assertEquals(before, t.git(b, "rev-parse", "HEAD"));
        assertEquals(mine, Files.readString(notes));
        t.git(b, "commit", "-qam", "person commits the edit");
        ok(b, "sync");
        String merged = Files.readString(notes);
        assertTrue(merged.contains("fact from a") && merged.contains("typed by hand"), merged);
    }

    @Test
    void aRemoteThatIsGoneGivesOneClearError() throws Exception {
        ok(a, "remember", "kept locally");
        Files.move(bare, tmp.resolve("moved.git"));
        Run r = in(a, "sync");
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot fetch from remote 'origin'"), r.err());
        assertTrue(file(a, "system/notes.md").contains("kept locally"));
    }

    @Test
    void remotesAreListedAndRemovedAndATokenInAUrlIsRefused() throws Exception {
        Run list = ok(a, "--json", "remote", "list");
        assertTrue(list.out().contains("\"name\":\"origin\""), list.out());
        Run secret = in(a, "remote", "add", "host", "https://me:ghp_supersecret123@example.com/mem.git");
        assertEquals(4, secret.exit(), secret.toString());
        assertFalse(secret.err().contains("ghp_supersecret123") || secret.out().contains("ghp_supersecret123"), secret.toString());
        assertEquals(5, in(a, "remote", "add", "origin", "/elsewhere").exit());
        ok(a, "remote", "remove", "origin");
        assertEquals(3, in(a, "sync").exit());
        assertEquals(3, in(a, "remote", "remove", "origin").exit());
        assertNotEquals(0, in(a, "remote", "add", "bad name", "/x").exit());
    }
}
