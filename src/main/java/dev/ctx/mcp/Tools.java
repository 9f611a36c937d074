package dev.ctx.mcp;

import static dev.ctx.mcp.Args.string;

import dev.ctx.app.Ctx;
import dev.ctx.model.CtxException;
import dev.ctx.model.Problem;
import dev.ctx.model.Provenance;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools and how each call runs: open the repository (fresh per call, so other processes' commits are seen),
 * run one use case of {@link Ctx}, answer with its result as JSON text and structured content. A refusal is a
 * tool error carrying the CLI's one-line message and kind, never a failed server.
 */
final class Tools {
    /** One tool's use case, given the open repository, the call's arguments and who is calling. */
    interface Handler {
        Object call(Ctx ctx, Args args, Provenance who) throws CtxException;
    }

    /** A tool: what a model sees (name, description, schema, annotations) and what runs. */
    record Tool(String name, String description, Map<String, Object> schema, McpSchema.ToolAnnotations annotations, Handler handler) {
    }

    private final Path repo;
    private final Map<String, String> env;
    private final Clock clock;

    Tools(Path repo, Map<String, String> env, Clock clock) {
        this.repo = repo;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    static McpSchema.ToolAnnotations readOnly(String title) {
        return new McpSchema.ToolAnnotations(title, true, false, true, false, null);
    }

    static McpSchema.ToolAnnotations write(String title, boolean destructive, boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, false, destructive, idempotent, false, null);
    }

    /** What every write accepts: the required reason, and agent and session overriding the MCP client's. */
    static Object[] writeProps(Object... own) {
        List<Object> all = new ArrayList<>(List.of(own));
        all.addAll(List.of(
                "reason", string("Why this change is made, in one sentence; recorded in the commit as Ctx-Reason."),
                "agent", string("Who makes the change (default: the MCP client's name from initialize)."),
                "session", string("The session the change belongs to (default: this MCP session's id).")));
        return all.toArray();
    }

    static List<Tool> all() {
        List<Tool> t = new ArrayList<>();
        t.addAll(ReadTools.all());
        t.addAll(WriteTools.all());
        return t;
    }

    List<SyncToolSpecification> specifications() {
        List<SyncToolSpecification> out = new ArrayList<>();
        for (Tool tool : all()) {
            McpSchema.Tool def = McpSchema.Tool.builder().name(tool.name()).title(tool.annotations().title())
                    .description(tool.description()).inputSchema(tool.schema()).annotations(tool.annotations()).build();
            out.add(SyncToolSpecification.builder().tool(def).callHandler((ex, req) -> call(tool, ex, req)).build());
        }
        return out;
    }

    private McpSchema.CallToolResult call(Tool tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        try {
            Args args = new Args(request.arguments());
            Provenance who = provenance(args, exchange);
            Object result;
            try (Ctx ctx = Ctx.open(Ctx.locate(repo, null, Path.of("").toAbsolutePath()), clock, env)) {
                result = tool.handler().call(ctx, args, who);
            }
            String text = result instanceof String s ? s : Json.write(result);
            McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder().addTextContent(text).isError(false);
            if (!(result instanceof String)) {
                b.structuredContent(Json.tree(result));
            }
            return b.build();
        } catch (CtxException e) {
            return error(e.problem().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error("usage", e.getMessage());
        } catch (RuntimeException e) {
            return error("internal", "internal error: " + e);
        }
    }

    private static Provenance provenance(Args args, McpSyncServerExchange exchange) throws CtxException {
        String agent = args.optText("agent");
        if (agent == null && exchange.getClientInfo() != null) {
            agent = exchange.getClientInfo().name();
        }
        String session = args.optText("session");
        if (session == null) {
            session = exchange.sessionId();
        }
        return Provenance.of(agent, session, args.optText("reason"));
    }

    static McpSchema.CallToolResult error(String kind, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("message", message);
        return McpSchema.CallToolResult.builder().addTextContent("ctx: " + message).structuredContent(Map.of("error", e))
                .isError(true).build();
    }

    static CtxException usage(String message) {
        return new CtxException(Problem.USAGE, message);
    }
}
