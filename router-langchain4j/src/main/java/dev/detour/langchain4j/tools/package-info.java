/**
 * Detour's healing tools inside LangChain4j agents: {@link dev.detour.langchain4j.tools.DetourToolProvider}
 * (a {@code ToolProvider} of logical and goal tools) over {@link dev.detour.langchain4j.tools.ToolBackend}s —
 * Java {@code @Tool} methods or MCP tools through {@code McpClient}s ({@link dev.detour.langchain4j.tools.ToolBackends}).
 */
package dev.detour.langchain4j.tools;
