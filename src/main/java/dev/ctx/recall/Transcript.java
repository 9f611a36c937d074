package dev.ctx.recall;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One conversation with an agent, in a form that does not depend on where it came from.
 *
 * @param source    {@code claude}, {@code codex}, {@code letta} or {@code markdown}
 * @param sessionId the agent's session id; a subagent's is {@code <parent>/agent-<id>}
 * @param title     the title the source gives (a Claude summary record, the Letta agent name, a markdown heading),
 *                  or null; {@link RecallRenderer} then falls back to the first user prompt
 * @param started   when the session started, or null when unknown
 * @param cwd       the working directory the agent ran in, or null
 * @param turns     in order; ids unique
 */
public record Transcript(String source, String sessionId, String title, Instant started, String cwd, List<Turn> turns) {
    public static final Set<String> SOURCES = Set.of("claude", "codex", "letta", "markdown");

    public Transcript {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sessionId, "sessionId");
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("unknown source '" + source + "'");
        }
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("blank session id");
        }
        sessionId = Text.redactIdentifier(sessionId); // it becomes a file name and front-matter
        turns = List.copyOf(turns);
        Set<String> ids = new HashSet<>();
        for (Turn t : turns) {
            if (!ids.add(t.id())) {
                throw new IllegalArgumentException("duplicate turn id '" + t.id() + "' in session " + sessionId);
            }
        }
    }

    /** The text of the first turn said by the user, or null. */
    public String firstUserPrompt() {
        return turns.stream().filter(t -> t.role().equals("user")).map(Turn::text).findFirst().orElse(null);
    }
}
