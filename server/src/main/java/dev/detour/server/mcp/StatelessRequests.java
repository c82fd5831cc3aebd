package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The envelope rules of a 2026-07-28 (stateless) request on Streamable HTTP: which POSTs are
 * stateless, what their {@code _meta} and mirrored headers must hold, which methods the revision
 * removed, and the HTTP status a JSON-RPC error is answered with. Pure functions; thread-safe.
 *
 * <p>Spec sections: basic/index "Per-request protocol fields" (missing required {@code _meta} field:
 * {@code -32602}, HTTP 400; undeclared capability: {@code -32021}, HTTP 400), transports/streamable-http
 * "Protocol Version Header" (unsupported version: {@code -32022}, 400; unknown method: {@code -32601},
 * 404) and "Server Validation" (header vs body: {@code -32020}, 400), changelog items 2, 4 and 5
 * (removed methods).
 */
public final class StatelessRequests {

    /** The {@code _meta} key that carries the client's capabilities on every 2026-07-28 request. */
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    /** The {@code _meta} key that carries the client's identity (optional). */
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    /** The {@code _meta} key that carries the server's identity on results. */
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** The {@code _meta} key that ties a notification to its {@code subscriptions/listen} request. */
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    /** Methods of the 2025 revisions that 2026-07-28 removed; asked statelessly, they are unknown methods. */
    public static final Set<String> REMOVED_METHODS = Set.of("initialize", "ping", "logging/setLevel",
            "resources/subscribe", "resources/unsubscribe", "notifications/initialized", "notifications/roots/list_changed");

    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";

    private StatelessRequests() {}

    /**
     * True when a POST belongs to the stateless revision: its {@code MCP-Protocol-Version} header is
     * 2026-07-28, or its {@code _meta} names a protocol version, or it names a version Detour does not
     * know without belonging to a session (a modern client asking for a revision Detour lacks).
     */
    public static boolean isStateless(JsonNode message, String headerVersion, String sessionId) {
        if (ProtocolRevision.V2026_07_28.wireName().equals(headerVersion) || metaVersion(message) != null) {
            return true;
        }
        return headerVersion != null && sessionId == null && ProtocolRevision.fromWire(headerVersion).isEmpty()
                && !"initialize".equals(JsonRpc.method(message));
    }

    /**
     * Checks a stateless request's envelope, in the order the spec's errors are most specific: the
     * required {@code _meta} fields, the header against the body, the version, the mirrored method and
     * name, and finally a method the revision removed.
     *
     * @return the fault to answer with, or empty when the request may be served
     */
    public static Optional<JsonRpcException> rejection(ObjectNode message, String headerVersion, String methodHeader,
            String nameHeader) {
        JsonNode meta = message.path("params").path("_meta");
        JsonNode version = metaVersion(message);
        if (!meta.isObject()) {
            return invalidParams("params._meta is required on every 2026-07-28 request (with '"
                    + ProtocolRevision.META_PROTOCOL_VERSION + "' and '" + META_CLIENT_CAPABILITIES + "')");
        }
        if (version == null || !version.isTextual()) {
            return invalidParams("params._meta['" + ProtocolRevision.META_PROTOCOL_VERSION + "'] is required and must be a string");
        }
        if (!version.textValue().equals(headerVersion)) {
            return Optional.of(JsonRpcException.badRequest(JsonRpcException.HEADER_MISMATCH, "HeaderMismatch: "
                    + (headerVersion == null ? "the MCP-Protocol-Version header is missing"
                            : "MCP-Protocol-Version header '" + headerVersion + "'")
                    + "; it must equal _meta['" + ProtocolRevision.META_PROTOCOL_VERSION + "'] '" + version.textValue() + "'"));
        }
        if (!ProtocolRevision.V2026_07_28.wireName().equals(version.textValue())) {
            ObjectNode data = JsonRpc.MAPPER.createObjectNode();
            data.putArray("supported").add(ProtocolRevision.V2026_07_28.wireName());
            data.put("requested", version.textValue());
            return Optional.of(new JsonRpcException(JsonRpcException.UNSUPPORTED_PROTOCOL_VERSION,
                    "UnsupportedProtocolVersion: '" + version.textValue() + "' (supported without a session: "
                            + ProtocolRevision.V2026_07_28.wireName() + ")", 400, data));
        }
        if (!meta.path(META_CLIENT_CAPABILITIES).isObject()) {
            return invalidParams("params._meta['" + META_CLIENT_CAPABILITIES + "'] is required and must be an object");
        }
        String method = JsonRpc.method(message);
        if (methodHeader != null && !methodHeader.equals(method)) {
            return headerMismatch("Mcp-Method header '" + methodHeader + "' does not match method '" + method + "'");
        }
        String name = mirroredName(message);
        if (nameHeader != null && name != null && !decodeHeader(nameHeader).equals(name)) {
            return headerMismatch("Mcp-Name header '" + nameHeader + "' does not match body value '" + name + "'");
        }
        if (REMOVED_METHODS.contains(method)) {
            return Optional.of(methodNotFound(method, "it was removed in 2026-07-28"));
        }
        return Optional.empty();
    }

    /** The {@code -32601} fault, answered with HTTP 404, for a method Detour does not serve statelessly. */
    public static JsonRpcException methodNotFound(String method, String why) {
        return new JsonRpcException(JsonRpcException.METHOD_NOT_FOUND, "Method not found: '" + method + "' (" + why + ")",
                404, null);
    }

    /**
     * The HTTP status for a stateless request answered with a JSON-RPC error of {@code code}: 404 for an
     * unknown method, 400 for the revision's own envelope errors and malformed requests, else 200 (an
     * error inside a normal exchange, such as an unknown tool).
     */
    public static int httpStatus(int code) {
        return switch (code) {
            case JsonRpcException.METHOD_NOT_FOUND -> 404;
            case JsonRpcException.HEADER_MISMATCH, JsonRpcException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                    JsonRpcException.UNSUPPORTED_PROTOCOL_VERSION, JsonRpcException.PARSE_ERROR,
                    JsonRpcException.INVALID_REQUEST -> 400;
            default -> 200;
        };
    }

    /** The client capabilities a stateless request declares, or an empty object. */
    public static ObjectNode clientCapabilities(ObjectNode request) {
        JsonNode capabilities = request.path("params").path("_meta").get(META_CLIENT_CAPABILITIES);
        return capabilities instanceof ObjectNode object ? object : JsonRpc.MAPPER.createObjectNode();
    }

    /** The value {@code Mcp-Name} mirrors: {@code params.name} of tools/call and prompts/get, {@code params.uri} of resources/read. */
    public static String mirroredName(JsonNode message) {
        String field = switch (JsonRpc.method(message)) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        JsonNode value = field == null ? null : message.path("params").get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** A header value as sent: plain when it is safe ASCII, else in the spec's Base64 sentinel form. */
    public static String encodeHeader(String value) {
        boolean safe = !value.isEmpty() && value.equals(value.strip())
                && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                && !(value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX));
        return safe ? value : BASE64_PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                + BASE64_SUFFIX;
    }

    private static String decodeHeader(String value) {
        if (value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX)
                && value.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length()) {
            try {
                return new String(Base64.getDecoder().decode(value.substring(BASE64_PREFIX.length(),
                        value.length() - BASE64_SUFFIX.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
        return value;
    }

    private static JsonNode metaVersion(JsonNode message) {
        return message.path("params").path("_meta").get(ProtocolRevision.META_PROTOCOL_VERSION);
    }

    private static Optional<JsonRpcException> invalidParams(String why) {
        return Optional.of(JsonRpcException.badRequest(JsonRpcException.INVALID_PARAMS, "Invalid params: " + why));
    }

    private static Optional<JsonRpcException> headerMismatch(String why) {
        return Optional.of(JsonRpcException.badRequest(JsonRpcException.HEADER_MISMATCH, "HeaderMismatch: " + why));
    }
}
