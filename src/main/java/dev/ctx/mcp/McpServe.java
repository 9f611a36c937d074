package dev.ctx.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the MCP server on the given streams until the client closes its end (stdin's end of file). */
public final class McpServe {
    /** The server's name in {@code initialize}; agents show it (Claude Code: {@code /mcp__ctx__...}). */
    public static final String NAME = "ctx";

    private McpServe() {
    }

    /** Serves until {@code in} ends; returns 0. {@code err} gets the one-line diagnostics (never stdout). */
    public static int run(Path repo, Map<String, String> env, Clock clock, String version, InputStream in, OutputStream out,
                          PrintStream err) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int n) {
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }
        };
        Tools tools = new Tools(repo, env, clock);
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), watched, out))
                .serverInfo(NAME, version)
                .instructions("Your memory: a git repository of markdown files. Call memory_context at the start of a task; "
                        + "save what you learn with memory_remember or memory_write, each with a reason.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).build())
                .tools(tools.specifications())
                .prompts(Prompts.specifications())
                .build();
        err.println("ctx mcp: serving " + repo + " over stdio");
        ended.await();
        server.closeGracefully();
        return 0;
    }
}
