/**
 * Apps as MCP servers: each published app answers at {@code /mcp/{app}} over MCP's streamable HTTP
 * transport, with its developer-API key. Entry point: {@link io.switchboard.channels.mcp.McpChannel}.
 */
package io.switchboard.channels.mcp;
