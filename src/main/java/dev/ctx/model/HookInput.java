package dev.ctx.model;

/**
 * What an agent's hook receives on stdin that ctx uses: the transcript of the session, its id and the
 * event. Claude Code and Codex send the same keys ({@code transcript_path}, {@code session_id},
 * {@code hook_event_name}); any may be absent (null).
 */
public record HookInput(String transcriptPath, String sessionId, String event) {
}
