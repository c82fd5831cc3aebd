package dev.detour.langchain4j.tools;

import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.spi.ToolInvoker;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.Optional;

/**
 * One real tool behind a Detour tool: a plain Java {@code @Tool} method or a tool of an MCP server
 * reached through a LangChain4j {@code McpClient} (see {@link ToolBackends}). It performs the router's
 * calls and says what the tool is, so a logical tool can borrow its description and parameters and the
 * router knows whether a failed call may be sent elsewhere.
 *
 * <p>Failures are {@code ToolOutcome.Failure} values with a SERF error; calls run off the caller's thread,
 * so the router's call window can end a slow one. Implementations are thread-safe.
 */
public interface ToolBackend extends ToolInvoker {

    /** The tool's own name, description and parameters, when it has them. */
    Optional<ToolSpecification> specification();

    /**
     * Whether repeating a call is safe: for an MCP tool, its {@code readOnlyHint}/{@code idempotentHint}/
     * {@code destructiveHint}; for a Java method, what its author declared. A tool that is neither
     * read-only nor idempotent is not sent to another provider after a failure that may have had an effect.
     */
    ToolAnnotations annotations();
}
