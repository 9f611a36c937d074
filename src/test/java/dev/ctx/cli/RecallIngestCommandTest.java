package dev.ctx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx.support.TestRepo;
import dev.ctx.support.TestRepo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecallIngestCommandTest {
    @TempDir
    Path tmp;
    TestRepo t;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        t = new TestRepo(tmp);
        repo = t.init();
        t.env.put("CTX_REPO", repo.toString());
    }

    private static Path fixture(String p) throws Exception {
        return Paths.get(RecallIngestCommandTest.class.getResource("/recall/" + p).toURI());
    }

    @Test
    void ingestIsOneCommitAndReingestAddsNothing() throws Exception {
        Path claude = fixture("claude-code/projects/-home-marco-projects-spotter");
        int before = Integer.parseInt(t.git(repo, "rev-list", "--count", "HEAD").strip());
        Run r = t.ctx("recall", "ingest", claude.toString(), "--agent", "claude-code");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(before + 1, Integer.parseInt(t.git(repo, "rev-list", "--count", "HEAD").strip()));
        assertTrue(t.git(repo, "log", "-1", "--format=%B").contains("Ctx-Op: ingest"));
        String files = t.git(repo, "ls-files", "recall");
        assertTrue(files.contains("recall/claude/"), files);
        String head = t.git(repo, "rev-parse", "HEAD");
        Run again = t.ctx("recall", "ingest", claude.toString());
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("unchanged"), again.out());
        assertEquals(head, t.git(repo, "rev-parse", "HEAD"));
        assertEquals("", t.git(repo, "status", "--porcelain"));
        assertEquals(0, t.ctx("validate").exit());
    }

    @Test
    void ingestedTranscriptsHaveNoThinkingAndNoSecrets() throws Exception {
        Path f = tmp.resolve("session.jsonl");
        String key = "ghp_" + "R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG";
        Files.writeString(f, "{\"type\":\"user\",\"uuid\":\"u1\",\"sessionId\":\"s-1\",\"timestamp\":\"2026-01-02T10:00:00Z\",\"message\":{\"role\":\"user\",\"content\":\"my token is " + key + "\"}}\n"
                + "{\"type\":\"assistant\",\"uuid\":\"a1\",\"parentUuid\":\"u1\",\"sessionId\":\"s-1\",\"timestamp\":\"2026-01-02T10:00:05Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"private musing\"},{\"type\":\"text\",\"text\":\"Noted, never share it.\"}]}}\n");
        Run r = t.ctx("recall", "ingest", f.toString(), "--format", "claude");
        assertEquals(0, r.exit(), r::toString);
        String md = t.git(repo, "show", "HEAD:recall/claude/2026-01/s-1.md");
        assertTrue(md.contains("Noted, never share it."), md);
        assertTrue(!md.contains(key) && md.contains("[REDACTED"), md);
        assertTrue(!md.contains("private musing"), md);
    }

    @Test
    void nothingToIngestIsNotFound() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(3, t.ctx("recall", "ingest", empty.toString()).exit());
        assertEquals(2, t.ctx("recall", "ingest", empty.toString(), "--format", "nope").exit());
    }

    @Test
    void aHookIngestsTheTranscriptItsInputNames() throws Exception {
        Path transcript = fixture("claude-code/projects/-home-marco-projects-spotter/491e126e-1e71-469c-ade2-fcc8af567c74.jsonl");
        String input = "{\"session_id\":\"491e126e\",\"transcript_path\":\"" + transcript + "\",\"hook_event_name\":\"SessionEnd\",\"reason\":\"exit\"}";
        Run r = t.ctxIn(t.dir, input, "--agent", "claude-code", "recall", "ingest", "--hook");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(t.git(repo, "ls-files", "recall").contains("recall/claude/"));
        assertTrue(t.git(repo, "log", "-1", "--format=%B").contains("Ctx-Session: 491e126e"), t.git(repo, "log", "-1", "--format=%B"));
        assertEquals(2, t.ctxIn(t.dir, "not json", "recall", "ingest", "--hook").exit());
        assertEquals(3, t.ctxIn(t.dir, "{\"session_id\":\"x\"}", "recall", "ingest", "--hook").exit());
        assertEquals(2, t.ctx("recall", "ingest").exit());
    }

    @Test
    void codexSessionsPicksUpOnlyRolloutsNewSinceTheLastRun() throws Exception {
        Path sessions = tmp.resolve("codex/sessions");
        Path first = Files.createDirectories(sessions.resolve("2026/01/02"));
        Path src = fixture("codex/sessions");
        String a = "2026/01/02/rollout-2026-01-02T18-39-45-019b7f94-51b4-7593-922e-ba12b5b73b52.jsonl";
        String b = "2026/05/11/rollout-2026-05-11T11-26-55-019e1625-789d-76c0-80ab-3724b5ddb799.jsonl";
        Files.copy(src.resolve(a), sessions.resolve(a));
        t.env.put("CODEX_HOME", tmp.resolve("codex").toString());
        Run r = t.ctx("recall", "ingest", "--codex-sessions", "--agent", "codex");
        assertEquals(0, r.exit(), r::toString);
        String head = t.git(repo, "rev-parse", "HEAD");
        assertTrue(Files.readString(repo.resolve(".git/ctx/recall/codex-sessions.tsv")).contains(sessions.resolve(a).toString()));

        Run again = t.ctx("recall", "ingest", "--codex-sessions");
        assertEquals(0, again.exit(), again::toString);
        assertEquals(head, t.git(repo, "rev-parse", "HEAD"));

        Files.createDirectories(sessions.resolve(b).getParent());
        Files.copy(src.resolve(b), sessions.resolve(b));
        Run third = t.ctx("--json", "recall", "ingest", "--codex-sessions=" + sessions);
        assertEquals(0, third.exit(), third::toString);
        assertTrue(third.out().contains("\"files_read\":1"), "only the new rollout is read: " + third.out());
        assertEquals("", t.git(repo, "status", "--porcelain"));
        assertTrue(first.toFile().isDirectory());
    }

    /** Whether a detached ctx working on {@code repo} is still running (its command line names the repository). */
    private static boolean helperRunning(Path repo) {
        String r = repo.toString();
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains("--repo " + r) && c.contains("recall")).orElse(false));
    }

    /** The hand-off a SessionEnd hook makes: the command returns at once, and a detached ctx makes the commit. */
    @Test
    void detachHandsTheIngestionToAnotherProcess() throws Exception {
        Path transcript = fixture("claude-code/projects/-home-marco-projects-spotter/491e126e-1e71-469c-ade2-fcc8af567c74.jsonl");
        String head = t.git(repo, "rev-parse", "HEAD");
        String input = "{\"session_id\":\"491e126e\",\"transcript_path\":\"" + transcript + "\"}";
        List<ProcessHandle> before = ProcessHandle.current().children().toList();
        Run r = t.ctxIn(t.dir, input, "--agent", "claude-code", "recall", "ingest", "--hook", "--detach");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), "nothing on stdout: a hook's stdout may go into the agent's context");
        // The detached ctx is not this JVM's child (setsid --fork leaves it to init), so the command's own exit
        // never waits on it; wait for its commit and its exit here, so no process outlives the test.
        List<ProcessHandle> children = ProcessHandle.current().children().filter(c -> !before.contains(c) && c.isAlive()).toList();
        assertEquals(List.of(), children, "the hand-off is not a child of the command");
        Path logFile = repo.resolve(".git/ctx/recall-ingest.log");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && (!Files.exists(logFile) || !Files.readString(logFile).contains("new of")
                || helperRunning(repo))) {
            Thread.sleep(100);
        }
        String log = Files.readString(logFile);
        assertTrue(log.contains("new of"), log);
        assertFalse(helperRunning(repo), "the detached ctx has exited");
        assertTrue(!head.equals(t.git(repo, "rev-parse", "HEAD")), log);
        assertTrue(t.git(repo, "log", "-1", "--format=%B").contains("Ctx-Session: 491e126e"));
    }

    @Test
    void aCodexFolderWithAnExcerptBeforeItsSessionIsOneSessionInOrder() throws Exception {
        Run r = t.ctx("recall", "ingest", fixture("codex").toString(), "--agent", "codex");
        assertEquals(0, r.exit(), r::toString);
        String subject = t.git(repo, "log", "-1", "--format=%s");
        assertTrue(subject.contains("from 2 sessions"), subject);
        String md = t.git(repo, "show", "HEAD:recall/codex/2026-05/019e1625-789d-76c0-80ab-3724b5ddb799.md");
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("(?m)^started: (\\S+)$").matcher(md);
        assertTrue(started.find(), md);
        String title = md.lines().filter(l -> l.startsWith("# ")).findFirst().orElseThrow();
        assertTrue(!title.contains("019e1625"), "the title is the first request, not the id: " + title);
        java.util.List<String> times = new java.util.ArrayList<>();
        java.util.regex.Matcher turn = java.util.regex.Pattern.compile("(?m)^### \\S+ · (\\S+) \\{#t-").matcher(md);
        while (turn.find()) {
            times.add(turn.group(1));
        }
        assertTrue(times.size() > 2, md);
        java.util.List<String> sorted = new java.util.ArrayList<>(times);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, times, "turns in time order");
        assertTrue(!java.time.Instant.parse(started.group(1)).isAfter(java.time.Instant.parse(times.get(0))),
                "started is the session's start: " + started.group(1) + ", first turn " + times.get(0));
    }

    @Test
    void twoMarkdownFilesOfTheSameNameStayApart() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("project-a")).resolve("AGENTS.md");
        Path b = Files.createDirectories(tmp.resolve("project-b")).resolve("AGENTS.md");
        Files.writeString(a, "# Project A rules\nUse Gradle.\n");
        Files.writeString(b, "# Project B rules\nUse Maven.\n");
        assertEquals(0, t.ctx("recall", "ingest", a.toString(), "--format", "markdown").exit());
        assertEquals(0, t.ctx("recall", "ingest", b.toString(), "--format", "markdown").exit());
        String[] files = t.git(repo, "ls-files", "recall/markdown").strip().split("\n");
        assertEquals(2, files.length, String.join(",", files));
        String one = t.git(repo, "show", "HEAD:" + files[0]);
        String two = t.git(repo, "show", "HEAD:" + files[1]);
        assertTrue(one.contains("Use Gradle.") != two.contains("Use Gradle.") && one.contains("Use Maven.") != two.contains("Use Maven."), one + two);
        assertEquals("", t.git(repo, "status", "--porcelain"));
        assertEquals(0, t.ctx("recall", "ingest", a.toString(), "--format", "markdown").exit());
        assertEquals(2, t.git(repo, "ls-files", "recall/markdown").strip().split("\n").length, "the same file again is the same session");
    }

    @Test
    void theSameMarkdownSourceIngestedAgainFromElsewhereIsTheSameSession() throws Exception {
        String notes = "# Release notes chat\n\n## User\nHow do we cut a release?\n\n## Assistant\nTag it, then run make release.\n";
        Path first = Files.createDirectories(tmp.resolve("checkout-1/docs")).resolve("release-chat.md");
        Path moved = Files.createDirectories(tmp.resolve("elsewhere/clone-2/docs")).resolve("release-chat.md");
        Files.writeString(first, notes);
        Files.writeString(moved, notes);
        assertEquals(0, t.ctx("recall", "ingest", first.toString(), "--format", "markdown").exit());
        String head = t.git(repo, "rev-parse", "HEAD").strip();
        Run again = t.ctx("recall", "ingest", moved.toString(), "--format", "markdown");
        assertEquals(0, again.exit(), again::toString);
        assertEquals(1, t.git(repo, "ls-files", "recall/markdown").strip().split("\n").length, "one source, one recall file");
        assertEquals(head, t.git(repo, "rev-parse", "HEAD").strip(), "nothing new to commit");

        Files.writeString(moved, notes + "\n## User\nAnd the changelog?\n");
        assertEquals(0, t.ctx("recall", "ingest", moved.toString(), "--format", "markdown").exit());
        String[] files = t.git(repo, "ls-files", "recall/markdown").strip().split("\n");
        assertEquals(1, files.length, String.join(",", files));
        String text = t.git(repo, "show", "HEAD:" + files[0]);
        assertTrue(text.contains("And the changelog?") && text.indexOf("How do we cut a release?") == text.lastIndexOf("How do we cut a release?"), text);
    }

    @Test
    void progressIsPlainLinesOnStderrWithoutATerminalAndNothingInJson() throws Exception {
        Run r = t.ctx("recall", "ingest", fixture("codex").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("reading transcripts: 3/3 done"), r.err());
        assertTrue(!r.out().contains("reading transcripts"), "progress never goes to stdout");
        Run json = t.ctx("--json", "recall", "ingest", fixture("claude-code/projects/-home-marco-projects-spotter").toString());
        assertEquals(0, json.exit(), json::toString);
        assertEquals("", json.err());
    }
}
