package dev.detour.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON trees to the plain Java values router-core works on ({@code Map<String, Object>}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}, {@code null}) and back: the same values
 * {@code JsonRpc.MAPPER.convertValue(node, Object.class)} and {@code valueToTree(value)} give.
 *
 * <p>Written by hand because a healing call converts its arguments and its result both ways, and
 * Jackson's {@code convertValue} / {@code valueToTree} serialize through a token buffer and look up
 * serializers on each call — several times the cost of walking the tree on the hot path. Values
 * this walker does not know (records, enums) still go through Jackson.
 */
public final class JsonValues {

    private static final JsonNodeFactory NODES = JsonRpc.MAPPER.getNodeFactory();

    private JsonValues() {}

    /** An object's members as a mutable, ordered map of plain values. */
    public static Map<String, Object> toMap(ObjectNode object) {
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, object.size() * 4 / 3 + 1));
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            map.put(member.getKey(), toPlain(member.getValue()));
        }
        return map;
    }

    /** One JSON value as a plain Java value: numbers keep the exact type the parser read. */
    public static Object toPlain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> toMap((ObjectNode) node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(toPlain(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> JsonRpc.MAPPER.convertValue(node, Object.class);
        };
    }

    /** A plain Java value as a JSON tree; JSON nodes are taken as they are. */
    public static JsonNode toNode(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node;
            case String text -> NODES.textNode(text);
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer n -> NODES.numberNode(n);
            case Long n -> NODES.numberNode(n);
            case BigInteger n -> NODES.numberNode(n);
            // Exact, as the mapper keeps decimals (JsonRpc.MAPPER does not strip trailing zeros).
            case BigDecimal n -> DecimalNode.valueOf(n);
            case Double n -> NODES.numberNode(n);
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, member) -> object.set(String.valueOf(key), toNode(member)));
                yield object;
            }
            case Collection<?> elements -> {
                ArrayNode array = NODES.arrayNode(elements.size());
                elements.forEach(element -> array.add(toNode(element)));
                yield array;
            }
            default -> JsonRpc.MAPPER.valueToTree(value);
        };
    }
}
