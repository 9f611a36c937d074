// An MCP round trip for `make run`, with the MCP Java SDK's own client (not ctx code): it spawns `ctx mcp`,
// initializes, lists the tools, and calls memory_remember then memory_search, as an agent would.
// Run with the single-file source launcher: java -cp target/ctx.jar McpClientDemo.java CTX_COMMAND REPO
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

public class McpClientDemo {
    public static void main(String[] args) {
        ServerParameters server = ServerParameters.builder(args[0]).args("mcp", "--repo", args[1]).env(Map.copyOf(System.getenv())).build();
        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
                .clientInfo(new McpSchema.Implementation("demo-agent", "1.0")).requestTimeout(Duration.ofSeconds(60)).build()) {
            McpSchema.InitializeResult init = client.initialize();
            System.out.println("initialize: " + init.serverInfo().name() + " " + init.serverInfo().version());
            System.out.println("tools: " + client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            System.out.println("prompts: " + client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList());
            print("memory_remember", client.callTool(new McpSchema.CallToolRequest("memory_remember",
                    Map.of("fact", "The MCP demo agent was here", "reason", "shown by make run"))));
            print("memory_search", client.callTool(new McpSchema.CallToolRequest("memory_search",
                    Map.of("query", "how do we build", "limit", 1))));
            print("memory_read (missing)", client.callTool(new McpSchema.CallToolRequest("memory_read", Map.of("path", "no/such/file"))));
            client.closeGracefully();
        }
    }

    static void print(String what, McpSchema.CallToolResult r) {
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        System.out.println(what + (Boolean.TRUE.equals(r.isError()) ? " (tool error): " : ": ")
                + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
    }
}
