package dev.ctx.recall;

import dev.ctx.model.TranscriptFormat;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Paths of the real transcripts under {@code src/test/resources/recall} (see its NOTICE.md). */
final class Fixtures {
    static final String SHORT = "claude-code/projects/-home-marco-projects-spotter/55604662-cf2a-4331-851a-ec234028f8ca.jsonl";
    static final String TOOL_HEAVY = "claude-code/projects/-home-marco-projects-spotter/d6e0bada-1959-4eec-a9d2-0bfade768d8f.jsonl";
    static final String PLAN_SUBAGENT = "claude-code/projects/-home-marco-projects-spotter/491e126e-1e71-469c-ade2-fcc8af567c74.jsonl";
    static final String INIT = "claude-code/projects/-path-to-Demo/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl";
    static final String ORCHESTRATOR = "claude-code/projects/-path-to-Demo/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl";
    static final String COMPACT_DIR = "claude-code/projects/-home-USER-projects-spotter-worktrees-spotter-4te/";
    static final String COMPACT = COMPACT_DIR + "ae4a77f8-aedd-4bc1-888f-c94edc91af04.jsonl";
    static final String AGENT = COMPACT_DIR + "ae4a77f8-aedd-4bc1-888f-c94edc91af04/subagents/agent-aac57f5.jsonl";
    static final String COMPACT_AGENT = COMPACT_DIR + "ae4a77f8-aedd-4bc1-888f-c94edc91af04/subagents/agent-acompact-946d2b.jsonl";
    static final String CODEX_OLD = "codex/sessions/2026/01/02/rollout-2026-01-02T18-39-45-019b7f94-51b4-7593-922e-ba12b5b73b52.jsonl";
    static final String CODEX_NEW = "codex/sessions/2026/05/11/rollout-2026-05-11T11-26-55-019e1625-789d-76c0-80ab-3724b5ddb799.jsonl";
    static final String CODEX_EXCERPT = "codex/excerpts/rollout-2026-05-11T11-26-55-019e1625-789d-76c0-80ab-3724b5ddb799.L227-386.jsonl";
    static final String LETTA_LOOP = "letta-af/loop.af";
    static final String LETTA_CONVO = "letta-af/memgpt_agent_with_convo.af";
    static final String LETTA_LEGACY = "letta-af/memgpt_agent.legacy-v0.6.47.af";
    static final String LETTA_DOUBLE = "letta-af/memgpt_agent.double-encoded.af";

    static final List<String> ALL = List.of(SHORT, TOOL_HEAVY, PLAN_SUBAGENT, INIT, ORCHESTRATOR, COMPACT, AGENT, COMPACT_AGENT,
            CODEX_OLD, CODEX_NEW, CODEX_EXCERPT, LETTA_LOOP, LETTA_CONVO, LETTA_LEGACY, LETTA_DOUBLE);

    private Fixtures() {
    }

    static Path root() {
        try {
            return Path.of(Objects.requireNonNull(Fixtures.class.getResource("/recall/NOTICE.md")).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static Transcript one(String relative) throws RecallException {
        List<Transcript> ts = new TranscriptReader().parse(path(relative), TranscriptFormat.AUTO);
        if (ts.size() != 1) {
            throw new AssertionError(relative + " gave " + ts.size() + " transcripts");
        }
        return ts.get(0);
    }

    static List<String> texts(Transcript t, String role) {
        return t.turns().stream().filter(x -> x.role().equals(role)).map(Turn::text).toList();
    }

    static String all(Transcript t) {
        StringBuilder sb = new StringBuilder();
        t.turns().forEach(x -> sb.append(x.text()).append('\n'));
        return sb.toString();
    }
}
