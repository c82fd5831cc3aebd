package dev.detour.server.heal;

import dev.detour.router.error.ErrorSentences;
import dev.detour.router.error.ToolError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP {@code CallToolResult}s healing tools answer with, as plain maps.
 *
 * <p>A failure that reaches the agent is a tool result, not a JSON-RPC error: {@code isError: true},
 * the SERF object in {@code structuredContent}, and one short sentence for the model in a text block
 * that says what to do next — chosen from the SERF category and action, so no LLM is involved.
 */
public final class CallToolResults {

    /** The {@code _meta} key of the route summary ({@link RouteWire#summary}) Detour adds to every healing result. */
    public static final String ROUTE_META = "dev.detour/route";

    private CallToolResults() {
    }

    /**
     * An error result for {@code error}, from the tool the agent called.
     *
     * @param mayHaveActed the failed step is neither read-only nor idempotent and its request may
     *                     have taken effect — why Detour did not send it elsewhere
     * @param route        the route summary, for {@code _meta["dev.detour/route"]}
     */
    public static Map<String, Object> error(String toolName, ToolError error, Map<String, Object> route, boolean mayHaveActed) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("content", List.of(text(sentence(toolName, error, mayHaveActed))));
        result.put("structuredContent", error.toMap());
        result.put("isError", true);
        result.put("_meta", Map.of(ROUTE_META, route));
        return result;
    }

    /** A text content block. */
    public static Map<String, Object> text(String text) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    /** The one sentence that tells the model what to do about {@code error} (router-core's {@link ErrorSentences}). */
    public static String sentence(String toolName, ToolError error, boolean mayHaveActed) {
        return ErrorSentences.forModel(toolName, error, mayHaveActed, "with a larger budget in _meta \"" + BudgetHint.META_KEY + "\" (milliseconds)");
    }
}
