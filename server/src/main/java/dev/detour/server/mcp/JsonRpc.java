package dev.detour.server.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * JSON-RPC 2.0 messages as raw Jackson trees: parse, classify, build, encode.
 *
 * <p>Detour forwards messages as trees rather than typed records so that unknown fields, {@code _meta}
 * and new content types pass through untouched (the MCP Java SDK's records drop unknown fields).
 * Floating-point numbers are kept as exact decimals so {@code 1.10} leaves as {@code 1.10}. The
 * mapper is thread-safe; every method here is.
 */
public final class JsonRpc {

    /** Deepest JSON nesting accepted, in levels; deeper input is a parse error, not a stack overflow. */
    public static final int MAX_NESTING_DEPTH = 200;

    /** The shared mapper: exact decimals, big-number tolerant, nesting depth bounded by Jackson's defaults. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What a JSON-RPC message is, by shape. */
    public enum Kind {
        /** Has {@code method} and {@code id}. */
        REQUEST,
        /** Has {@code method}, no {@code id}. */
        NOTIFICATION,
        /** Has {@code id} and exactly one of {@code result} / {@code error}. */
        RESPONSE
    }

    private JsonRpc() {}

    /**
     * Parses one HTTP body or stdio line.
     *
     * @throws JsonRpcException {@link JsonRpcException#PARSE_ERROR} naming where the JSON broke
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw JsonRpcException.badRequest(JsonRpcException.PARSE_ERROR, "Parse error: the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw JsonRpcException.badRequest(
                    JsonRpcException.PARSE_ERROR, "Parse error: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw JsonRpcException.badRequest(JsonRpcException.PARSE_ERROR, "Parse error: " + e.getMessage());
        }
    }

    /** Parses a Vert.x buffer; see {@link #parse(byte[])}. */
    public static JsonNode parse(Buffer buffer) {
        return parse(buffer.getBytes());
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * Checks that {@code node} is one well-formed JSON-RPC 2.0 message and says which kind.
     *
     * @throws JsonRpcException {@link JsonRpcException#INVALID_REQUEST} naming the offending field
     */
    public static Kind classify(JsonNode node) {
        if (!node.isObject()) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: a JSON-RPC message must be an object, got " + node.getNodeType().name().toLowerCase());
        }
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.textValue())) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: field 'jsonrpc' must be the string \"2.0\"");
        }
        JsonNode id = node.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: field 'id' must be a string or an integer");
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual() || method.textValue().isEmpty()) {
                throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                        "Invalid Request: field 'method' must be a non-empty string");
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject()) {
                throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                        "Invalid Request: field 'params' must be an object");
            }
            return id == null ? Kind.NOTIFICATION : Kind.REQUEST;
        }
        if (id == null) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: a message needs 'method' (request, notification) or 'id' (response)");
        }
        boolean hasResult = node.has("result");
        boolean hasError = node.has("error");
        if (hasResult == hasError) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: a response needs exactly one of 'result' and 'error'");
        }
        if (hasError && !node.get("error").isObject()) {
            throw JsonRpcException.badRequest(JsonRpcException.INVALID_REQUEST,
                    "Invalid Request: field 'error' must be an object");
        }
        return Kind.RESPONSE;
    }

    /** The method name of a request or notification. */
    public static String method(JsonNode message) {
        return message.path("method").asText("");
    }

    /**
     * A request id or progress token as a map key: its JSON text, so {@code 7} and {@code "7"} stay
     * apart while one number always finds itself; {@code "null"} when absent.
     */
    public static String key(JsonNode idOrToken) {
        if (idOrToken == null) {
            return "null";
        }
        // The two shapes ids take, without JsonNode.toString()'s serializer: a key per call is on the hot path.
        if (idOrToken.isIntegralNumber() && idOrToken.canConvertToLong()) {
            return Long.toString(idOrToken.longValue());
        }
        if (idOrToken.isTextual()) {
            return '"' + idOrToken.textValue() + '"';
        }
        return idOrToken.toString();
    }

    /**
     * Whether two request ids are the same id: by value, whatever number node each was read or built
     * as ({@code 5} parsed is an {@code IntNode}, Detour's own ids are {@code LongNode}s, and Jackson's
     * {@code equals} tells those apart).
     */
    public static boolean sameId(JsonNode a, JsonNode b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    /** {@code params}, created empty if absent. */
    public static ObjectNode params(ObjectNode message) {
        JsonNode params = message.get("params");
        if (params instanceof ObjectNode object) {
            return object;
        }
        return message.putObject("params");
    }

    /** A request object. */
    public static ObjectNode request(JsonNode id, String method, JsonNode params) {
        ObjectNode node = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.set("id", id);
        node.put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    /** A notification object. */
    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode node = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    /** A success response. */
    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode node = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.set("id", id);
        node.set("result", result);
        return node;
    }

    /** An error response; {@code id} may be {@code null} when the request's id could not be read. */
    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode node = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.set("id", id == null ? MAPPER.nullNode() : id);
        ObjectNode error = node.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return node;
    }

    /** The error response for a protocol fault. */
    public static ObjectNode error(JsonNode id, JsonRpcException fault) {
        return error(id, fault.code(), fault.getMessage(), fault.data());
    }

    /** Serialises a tree to a buffer. */
    public static Buffer encode(JsonNode node) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    /** Serialises a tree to a string. */
    public static String encodeToString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }
}
