package io.switchboard.runtime.tool;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.HttpMcpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** One MCP server through LangChain4j's MCP client; its tools are listed once per connection. */
final class McpConnection implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final McpClient client;
    private final List<Tool> tools;

    private McpConnection(McpClient client) {
        this.client = client;
        this.tools = client.listTools().stream().map(this::tool).toList();
    }

    /**
     * Connects and lists the tools; any failure is an {@link InvalidToolProviderException} naming it.
     *
     * @param guard the SSRF guard: checks an HTTP server's URL, and every request of the SSE transport
     */
    static McpConnection open(McpServerRequest server, UrlGuard guard) {
        if (server.transport() != McpServerRequest.Transport.STDIO) {
            try {
                guard.check(URI.create(server.url()));
            } catch (ToolException | IllegalArgumentException e) {
                throw new InvalidToolProviderException("url refused: " + e.getMessage());
            }
        }
        McpTransport transport = switch (server.transport()) {
            case SSE ->
                SseTransportGuard.guard(
                        HttpMcpTransport.builder()
                                .sseUrl(server.url())
                                .customHeaders(server.headers())
                                .timeout(TIMEOUT)
                                .build(),
                        guard);
            case STDIO -> StdioMcpTransport.builder().command(server.command()).build();
            // The JDK client under this transport follows no redirects (HttpClient.Redirect.NEVER).
            case STREAMABLE_HTTP ->
                StreamableHttpMcpTransport.builder()
                        .url(server.url())
                        .customHeaders(server.headers())
                        .timeout(TIMEOUT)
                        .build();
        };
        McpClient client = null;
        try {
            client = DefaultMcpClient.builder()
                    .key(UUID.randomUUID().toString())
                    .clientName("switchboard")
                    .clientVersion("0.1")
                    .transport(transport)
                    .initializationTimeout(Duration.ofSeconds(15))
                    .toolExecutionTimeout(TIMEOUT)
                    .build();
            return new McpConnection(client);
        } catch (RuntimeException e) {
            closeQuietly(client);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidToolProviderException("the MCP server did not answer: " + reason);
        }
    }

    List<Tool> tools() {
        return tools;
    }

    private Tool tool(ToolSpecification specification) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return specification;
            }

            @Override
            public String execute(String argumentsJson) {
                ToolExecutionResult result;
                try {
                    result = client.executeTool(ToolExecutionRequest.builder()
                            .id(UUID.randomUUID().toString())
                            .name(specification.name())
                            .arguments(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson)
                            .build());
                } catch (RuntimeException e) {
                    // The client reports a tool error (isError) as an exception carrying the tool's text.
                    throw new ToolException(e.getMessage() == null ? "the MCP server failed" : e.getMessage());
                }
                if (result.isError()) {
                    throw new ToolException(result.resultText());
                }
                return result.resultText();
            }
        };
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(McpClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                // already gone
            }
        }
    }
}
