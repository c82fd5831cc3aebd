package dev.detour.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonRpcTest {

    @Property(tries = 500)
    void arbitraryBytesEitherParseOrFailWithAParseError(@ForAll byte[] bytes) {
        try {
            JsonNode node = JsonRpc.parse(bytes);
            try {
                JsonRpc.classify(node);
            } catch (JsonRpcException e) {
                assertThat(e.code()).isEqualTo(JsonRpcException.INVALID_REQUEST);
            }
        } catch (JsonRpcException e) {
            assertThat(e.code()).isEqualTo(JsonRpcException.PARSE_ERROR);
        }
    }

    @Property(tries = 300)
    void arbitraryJsonTextsNeverEscapeAsAnythingButAProtocolFault(@ForAll("jsonish") String text) {
        try {
            JsonRpc.classify(JsonRpc.parse(text.getBytes()));
        } catch (JsonRpcException e) {
            assertThat(e.code()).isIn(JsonRpcException.PARSE_ERROR, JsonRpcException.INVALID_REQUEST);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> jsonish() {
        return net.jqwik.api.Arbitraries.of("{", "}", "[", "]", "\"jsonrpc\"", "\"2.0\"", ":", ",", "\"id\"", "1", "null",
                "\"method\"", "\"ping\"", "\"params\"", "\"result\"", "\"error\"", "{}", "true", "-0.5e3")
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Test
    void nestingDeeperThanTheLimitIsAParseErrorNotAStackOverflow() {
        String deep = "[".repeat(JsonRpc.MAX_NESTING_DEPTH + 10) + "]".repeat(JsonRpc.MAX_NESTING_DEPTH + 10);
        assertThatThrownBy(() -> JsonRpc.parse(deep.getBytes()))
                .isInstanceOfSatisfying(JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(JsonRpcException.PARSE_ERROR));
    }

    @Test
    void trailingGarbageIsAParseError() {
        assertThatThrownBy(() -> JsonRpc.parse("{} {}".getBytes())).isInstanceOf(JsonRpcException.class);
    }

    @Test
    void decimalsSurviveARoundTripExactly() {
        assertThat(JsonRpc.encodeToString(JsonRpc.parse("{\"a\":1.10,\"b\":1e400,\"c\":12345678901234567890}".getBytes())))
                .isEqualTo("{\"a\":1.10,\"b\":1E+400,\"c\":12345678901234567890}");
    }

    @Test
    void anIdReadAsAnIntIsTheSameIdAsTheLongDetourSent() {
        assertThat(JsonRpc.sameId(JsonRpc.parse("5".getBytes()), com.fasterxml.jackson.databind.node.LongNode.valueOf(5))).isTrue();
        assertThat(JsonRpc.sameId(JsonRpc.parse("\"5\"".getBytes()), com.fasterxml.jackson.databind.node.LongNode.valueOf(5))).isFalse();
    }

    @Property(tries = 500)
    void twoIdsShareAKeyExactlyWhenTheyAreTheSameJsonValue(@ForAll("ids") JsonNode a, @ForAll("ids") JsonNode b) {
        assertThat(JsonRpc.key(a).equals(JsonRpc.key(b))).isEqualTo(a.equals(b));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<JsonNode> ids() {
        net.jqwik.api.Arbitrary<JsonNode> numbers = net.jqwik.api.Arbitraries.longs().between(-3, 3)
                .map(n -> JsonRpc.parse(Long.toString(n).getBytes()));
        net.jqwik.api.Arbitrary<JsonNode> strings = net.jqwik.api.Arbitraries.of("1", "-1", "a", "a\"", "\"a", "", "null", "1.0")
                .map(text -> (JsonNode) JsonRpc.MAPPER.getNodeFactory().textNode(text));
        net.jqwik.api.Arbitrary<JsonNode> others = net.jqwik.api.Arbitraries.of("1.0", "null", "12345678901234567890", "[1]")
                .map(text -> JsonRpc.parse(text.getBytes()));
        return net.jqwik.api.Arbitraries.oneOf(numbers, strings, others);
    }
}
