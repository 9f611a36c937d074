package dev.ctx.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The prompts agents show as commands (Claude Code: {@code /mcp__ctx__init}...), for what Letta Code users do with
 * slash commands. Each is an instruction to the model naming the tools to use; nothing runs on the server.
 */
final class Prompts {
    static final String INIT = "Study this project and write what matters into your memory, in the repository's layout. "
            + "First call memory_context and memory_list to see what memory holds and how it is organised. Then read the project: "
            + "README, build files, the main source folders, tests, docs, recent git history. Save durable knowledge only: what the "
            + "project is, how to build, test and run it, its architecture and conventions, pitfalls. Put always-needed facts in "
            + "system/ blocks (keep them short: they load every session) and topic detail in on-demand files (e.g. projects/NAME.md) "
            + "with a one-line description. Use memory_write for new files, memory_edit or memory_remember to add to existing ones, "
            + "each with a reason naming where you learned it. Do not store secrets.";
    static final String REMEMBER = "Reflect on this session and save what was learned. List the durable lessons: decisions made, "
            + "conventions discovered, the person's preferences, mistakes to avoid, facts that were missing from memory. For each, "
            + "search memory first (memory_search) so you update rather than duplicate, then save it with memory_remember (one line) "
            + "or memory_edit (a section of a topic file), each with a reason saying what in this session taught it. Skip what is "
            + "already known or only true for this session.";
    static final String FORGET = "Find and remove a wrong memory. Search for it (memory_search, memory_read), then see where it came "
            + "from with memory_history on its file. If one session wrote it and nothing else of that session is worth keeping, undo "
            + "it with memory_revert and target_session; if it came from one commit, revert that commit; otherwise remove just the "
            + "wrong text with memory_edit (op replace) or the file with memory_delete. Always give a reason saying why it is wrong.";

    private Prompts() {
    }

    static List<SyncPromptSpecification> specifications() {
        return List.of(
                prompt("init", "Study this project and write what matters into memory, in the repository's layout.", INIT,
                        new McpSchema.PromptArgument("focus", "Part of the project to study first (optional).", false)),
                prompt("remember", "Reflect on this session and save what was learned, with reasons.", REMEMBER,
                        new McpSchema.PromptArgument("topic", "What to reflect on (optional; default the whole session).", false)),
                prompt("forget", "Find and remove a wrong memory, by revert where it came from one session.", FORGET,
                        new McpSchema.PromptArgument("what", "The wrong memory, in your words.", false)));
    }

    private static SyncPromptSpecification prompt(String name, String description, String text, McpSchema.PromptArgument arg) {
        McpSchema.Prompt p = new McpSchema.Prompt(name, description, List.of(arg));
        return new SyncPromptSpecification(p, (ex, req) -> {
            Object extra = req.arguments() == null ? null : req.arguments().get(arg.name());
            String full = extra == null || extra.toString().isBlank() ? text : text + "\n\n" + arg.name() + ": " + extra;
            return new McpSchema.GetPromptResult(description,
                    List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(full))));
        });
    }
}
