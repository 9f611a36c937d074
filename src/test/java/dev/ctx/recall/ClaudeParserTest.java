package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import static dev.ctx.recall.Fixtures.all;
import static dev.ctx.recall.Fixtures.one;
import static dev.ctx.recall.Fixtures.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeParserTest {

    @Test
    void shortV2SessionKeepsWhatWasSaidAndDropsThinkingAndBookkeeping() throws Exception {
        Transcript t = one(Fixtures.SHORT);
        assertEquals("claude", t.source());
        assertEquals("55604662-cf2a-4331-851a-ec234028f8ca", t.sessionId());
        assertEquals("/home/marco/projects/spotter", t.cwd());
        assertEquals(Instant.parse("2026-02-10T21:11:56.846Z"), t.started());
        // user prompt, 1 text reply (the "\n\n" part is empty), 2 tool calls, 2 rejected results, the interruption
        assertEquals(7, t.turns().size());
        assertEquals("mix phx.server doesnt seem to start", t.turns().get(0).text());
        assertEquals("7d48cbd2-6615-4dd8-87f6-38f12b8167d6", t.turns().get(0).id(), "the record uuid is the turn id");
        assertTrue(texts(t, "assistant").contains("tool Bash: mix phx.server 2>&1 | head -80"));
        assertTrue(texts(t, "assistant").contains("tool Glob: mix.exs"));
        assertTrue(texts(t, "tool").get(0).startsWith("error: The user doesn't want to proceed"));
        assertTrue(texts(t, "user").contains("[Request interrupted by user for tool use]"));
        assertFalse(all(t).contains("having trouble starting their Phoenix server"), "thinking is dropped");
        assertFalse(all(t).contains("tmux-waiting"), "hook progress is dropped");
        assertFalse(all(t).contains("<command-name>/model"), "system local_command records are dropped");
    }

    @Test
    void aToolResultNamesTheCallItAnswersAndARefusalKeepsOnlyItsMeaning() throws Exception {
        Transcript t = one(Fixtures.SHORT);
        List<Turn> results = t.turns().stream().filter(x -> x.role().equals("tool")).toList();
        assertEquals("tool Bash: mix phx.server 2>&1 | head -80", results.get(0).answers(), "matched by tool_use_id, not by order");
        assertEquals("tool Glob: mix.exs", results.get(1).answers());
        assertEquals("error: The user doesn't want to proceed with this tool use.", results.get(0).text(),
                "the instructions to the model after the refusal's one sentence are dropped");
        assertEquals("ff80d82a-4ac1-4945-83dd-1226f98b8cf6", results.get(0).id(), "the record uuid is still the id");
        assertTrue(t.turns().stream().filter(x -> !x.role().equals("tool")).allMatch(x -> x.answers() == null));
    }

    @Test
    void questionsToTheUserAndTodoListsReadAsWhatTheySayNotAsJson() throws Exception {
        Transcript plan = one(Fixtures.PLAN_SUBAGENT);
        String asked = texts(plan, "assistant").stream().filter(x -> x.startsWith("tool AskUserQuestion: ")).findFirst().orElseThrow();
        assertTrue(asked.startsWith("tool AskUserQuestion: Which rig do these beads belong to?"), asked);
        assertFalse(asked.contains("{\""), "the questions, not the call's JSON: " + asked);
        Turn answer = plan.turns().stream().filter(x -> x.text().startsWith("User has answered your questions:")).findFirst().orElseThrow();
        assertTrue(answer.text().endsWith("\"Which tools should we set up?\"=\"Credo + Dialyxir + mix_audit\"."), answer.text());
        assertEquals(asked, answer.answers(), "the answer names the questions it answers");
        Transcript init = one(Fixtures.INIT);
        String todos = texts(init, "assistant").stream().filter(x -> x.startsWith("tool TodoWrite: ")).findFirst().orElseThrow();
        assertTrue(todos.startsWith("tool TodoWrite: [in_progress] Analyze codebase structure and files"), todos);
        assertTrue(texts(init, "tool").contains("Todos have been modified successfully."), "the acknowledgement without its instructions");
    }

    @Test
    void metaAndQueueRecordsAreSkippedAndToolOutputIsTruncated() throws Exception {
        Transcript t = one(Fixtures.TOOL_HEAVY);
        assertEquals(19, t.turns().size());
        assertEquals("start phoenix in background", t.turns().get(0).text());
        assertTrue(texts(t, "user").contains("/mcp"), "a slash command reads as typed");
        assertTrue(texts(t, "assistant").contains("tool WebFetch: https://github.com/xtermjs/xterm.js/issues/1343"));
        String read = texts(t, "tool").stream().filter(s -> s.contains("import \"phoenix_html\"")).findFirst().orElseThrow();
        assertTrue(read.length() < Text.TOOL_OUTPUT_LIMIT + 40, "Read result truncated: " + read.length());
        assertTrue(read.endsWith("more chars]"));
        List<String> lines = Files.readAllLines(Fixtures.path(Fixtures.TOOL_HEAVY));
        String metaText = lines.stream().filter(l -> l.contains("\"isMeta\":true") || l.contains("\"isMeta\": true"))
                .findFirst().orElseThrow();
        assertTrue(metaText.contains("<local-command-caveat>"));
        assertFalse(all(t).contains("local-command-caveat"), "isMeta records are skipped");
        assertFalse(all(t).contains("enqueue"), "queue-operation records are skipped");
    }

    @Test
    void toolCallsAreOneLineWithTheInputCut() throws Exception {
        Transcript t = one(Fixtures.PLAN_SUBAGENT);
        assertEquals(42, t.turns().size());
        assertTrue(texts(t, "assistant").contains("tool Task: Draft beads for linting setup (Plan)"));
        String ask = texts(t, "assistant").stream().filter(s -> s.startsWith("tool AskUserQuestion: ")).findFirst().orElseThrow();
        assertFalse(ask.contains("\n"));
        assertTrue(ask.length() <= "tool AskUserQuestion: ".length() + Text.TOOL_INPUT_LIMIT + 30, "input cut to ~200 chars");
        assertNull(t.title(), "no summary record, so no title of its own");
        assertTrue(t.firstUserPrompt().startsWith("/handgemacht:create-beads websearch"));
    }

    @Test
    void inlineSidechainMessagesStayInTheParentMarkedAsSubagent() throws Exception {
        Transcript t = one(Fixtures.ORCHESTRATOR);
        assertEquals("fe5e1c67-53e7-4862-81ae-d0e013e3270b", t.sessionId());
        Turn taskPrompt = t.turns().stream().filter(x -> x.id().equals("6690d10e-f521-4ac0-800d-e5eb7a2d8072")).findFirst().orElseThrow();
        assertEquals("user", taskPrompt.role());
        assertTrue(taskPrompt.text().startsWith(Turn.SUBAGENT_MARK + "\n\nCreate React components for the TODO app"));
        long sidechain = t.turns().stream().filter(x -> x.text().startsWith(Turn.SUBAGENT_MARK)).count();
        assertTrue(sidechain > 90, "sidechain turns inline: " + sidechain);
        assertFalse(t.turns().get(0).text().startsWith(Turn.SUBAGENT_MARK));
        assertEquals("/orchestrator create TODO app by Next.js", t.turns().get(0).text());
        // line 1's summary points into another session (1af7fc5e), so it does not title this one
        assertNull(t.title());
    }

    @Test
    void summaryRecordWhoseLeafIsInTheFileIsTheTitle() throws Exception {
        String summary = Files.readAllLines(Fixtures.path(Fixtures.ORCHESTRATOR)).get(0);
        String session = Files.readString(Fixtures.path(Fixtures.INIT));
        // The 1.0.x layout: the summary of 1af7fc5e, whose leaf (549b3502-…) is that file's last record.
        ParseResult r = new TranscriptReader().read(Fixtures.path(Fixtures.INIT), summary + "\n" + session, TranscriptFormat.AUTO);
        assertEquals("Empty Repo Setup: CLAUDE.md Foundation Created", r.transcripts().get(0).title());
        assertNull(one(Fixtures.INIT).title());
        assertEquals("/init", one(Fixtures.INIT).firstUserPrompt());
    }

    @Test
    void compactionSummaryIsASystemTurnAndADanglingParentIsTolerated() throws Exception {
        Transcript t = one(Fixtures.COMPACT);
        assertEquals(28, t.turns().size());
        String first = Files.readAllLines(Fixtures.path(Fixtures.COMPACT)).get(0);
        assertTrue(first.contains("\"parentUuid\":\"89a96888-4004-42a4-a3e5-f844f757fca9\""), "parent outside the excerpt");
        assertEquals("28ca3686-de35-42f1-9fc5-553630816dbc", t.turns().get(0).id());
        assertEquals("tool", t.turns().get(0).role());
        List<Turn> compaction = t.turns().stream().filter(x -> x.text().startsWith(Turn.COMPACTION_MARK)).toList();
        assertEquals(1, compaction.size());
        assertEquals("system", compaction.get(0).role());
        assertTrue(compaction.get(0).text().contains("This session is being continued from a previous conversation"));
        assertTrue(texts(t, "user").contains("/compact and continue with the reamining tasks"));
        assertTrue(texts(t, "user").contains("continue implementation"));
        assertTrue(texts(t, "system").stream().anyMatch(s -> s.startsWith("Compacted (ctrl+o to see full summary)")),
                "local command output, without ANSI codes");
        assertFalse(all(t).contains("\u001b["));
    }

    @Test
    void subagentFilesAreTheirOwnTranscriptLinkedToTheParent() throws Exception {
        Transcript agent = one(Fixtures.AGENT);
        assertEquals("ae4a77f8-aedd-4bc1-888f-c94edc91af04/agent-aac57f5", agent.sessionId());
        assertEquals(28, agent.turns().size());
        assertTrue(agent.turns().get(0).text().startsWith("Search hex.pm for the latest versions of these Elixir packages"));
        assertFalse(all(agent).contains(Turn.SUBAGENT_MARK), "a subagent's own file needs no mark");
        assertEquals("recall/claude/2026-02/ae4a77f8-aedd-4bc1-888f-c94edc91af04/agent-aac57f5.md", RecallRenderer.path(agent));

        Transcript compactor = one(Fixtures.COMPACT_AGENT);
        assertEquals("ae4a77f8-aedd-4bc1-888f-c94edc91af04/agent-acompact-946d2b", compactor.sessionId());
        assertEquals(List.of("user", "assistant"), compactor.turns().stream().map(Turn::role).toList());
    }

    @Test
    void malformedLinesAreSkippedAndCounted() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.path(Fixtures.SHORT));
        StringBuilder broken = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            broken.append(lines.get(i)).append('\n');
            if (i == 3) {
                broken.append("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"torn wri\n");
                broken.append("not json at all\n");
                broken.append("[1,2,3]\n");
            }
        }
        ParseResult r = new TranscriptReader().read(Fixtures.path(Fixtures.SHORT), broken.toString(), TranscriptFormat.CLAUDE);
        assertEquals(3, r.skippedLines());
        assertEquals(one(Fixtures.SHORT), r.transcripts().get(0));
    }
}
