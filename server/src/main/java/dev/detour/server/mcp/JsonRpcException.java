package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC protocol fault: the one exception type for faults that end as a JSON-RPC {@code error}
 * object (STYLE practice 17). Tool failures are never this; they are {@code isError} results.
 *
 * <p>It carries the HTTP status the Streamable HTTP transport answers with when the fault is
 * detected before a JSON-RPC response is possible (bad header, unknown session, oversize body); it
 * is 200 for faults answered inside a normal JSON-RPC exchange. Created without a stack trace: it is
 * a value crossing a boundary, not a bug report.
 */
public final class JsonRpcException extends RuntimeException {

    /** Invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** The JSON is not a valid JSON-RPC request object. */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist or is not available. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid method parameters (including an unknown tool or an unsupported protocol version). */
    public static final int INVALID_PARAMS = -32602;
    /** Internal JSON-RPC error; Detour uses it when an upstream fails a non-tool request. */
    public static final int INTERNAL_ERROR = -32603;
    /** Transport-level rejection (header, Origin, Accept); the code the MCP SDKs use for it. */
    public static final int TRANSPORT_REJECTED = -32000;
    /** MCP's own code for an unknown resource URI ("Resource not found", from the MCP specification). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** The {@code Mcp-Session-Id} names no live session (expired, deleted, or never issued). */
    public static final int SESSION_NOT_FOUND = -32001;
    /** 2026-07-28: an HTTP header disagrees with the body ({@code HeaderMismatch}). */
    public static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: the request needs a client capability it did not declare ({@code MissingRequiredClientCapability}). */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    /** 2026-07-28: the protocol version is not supported ({@code UnsupportedProtocolVersion}). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private final int code;
    private final int httpStatus;
    private final transient JsonNode data;

    /**
     * @param code       the JSON-RPC error code
     * @param message    one sentence naming the problem
     * @param httpStatus the HTTP status to answer with
     * @param data       the JSON-RPC {@code error.data}, or {@code null}
     */
    public JsonRpcException(int code, String message, int httpStatus, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.data = data;
    }

    /** A fault answered with HTTP 400 and no {@code data}. */
    public static JsonRpcException badRequest(int code, String message) {
        return new JsonRpcException(code, message, 400, null);
    }

    /** A fault answered inside a normal JSON-RPC exchange (HTTP 200). */
    public static JsonRpcException inExchange(int code, String message) {
        return new JsonRpcException(code, message, 200, null);
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error.data}, or {@code null}. */
    public JsonNode data() {
        return data;
    }
}
