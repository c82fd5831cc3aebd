package dev.detour.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    private static final Arbitrary<String> SCALARS = Arbitraries.of("0", "-7", "2147483648", "12345678901234567890", "1.10", "1e400",
            "-0.0", "true", "false", "null", "\"\"", "\"text\"", "\"é\\n\\\"\"");

    @Property(tries = 300)
    void aTreeBecomesThePlainValueJacksonsConversionGives(@ForAll("objects") String json) {
        JsonNode tree = JsonRpc.parse(json.getBytes());
        assertThat(JsonValues.toPlain(tree)).isEqualTo(JsonRpc.MAPPER.convertValue(tree, Object.class));
    }

    @Property(tries = 300)
    void aPlainValueBecomesTheTreeJacksonsConversionGives(@ForAll("objects") String json) {
        Object plain = JsonRpc.MAPPER.convertValue(JsonRpc.parse(json.getBytes()), Object.class);
        assertThat(JsonValues.toNode(plain)).isEqualTo(JsonRpc.MAPPER.valueToTree(plain));
    }

    @Property(tries = 300)
    void aRoundTripKeepsTheJsonTextExactly(@ForAll("objects") String json) {
        JsonNode tree = JsonRpc.parse(json.getBytes());
        assertThat(JsonRpc.encodeToString(JsonValues.toNode(JsonValues.toPlain(tree)))).isEqualTo(JsonRpc.encodeToString(tree));
    }

    @Test
    void valuesItDoesNotKnowGoThroughJackson() {
        record Point(int x, int y) {
        }

        assertThat(JsonValues.toNode(Map.of("p", new Point(1, 2)))).isEqualTo(JsonRpc.parse("{\"p\":{\"x\":1,\"y\":2}}".getBytes()));
    }

    @Test
    void anObjectsMembersKeepTheirOrder() {
        ObjectNode object = (ObjectNode) JsonRpc.parse("{\"z\":1,\"a\":2,\"m\":3}".getBytes());
        assertThat(JsonValues.toMap(object).keySet()).containsExactly("z", "a", "m");
    }

    @Provide
    Arbitrary<String> objects() {
        return members();
    }

    private Arbitrary<String> values() {
        return Arbitraries.lazyOf(() -> SCALARS, () -> SCALARS, () -> SCALARS,
                () -> values().list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                this::members);
    }

    private Arbitrary<String> members() {
        return values().list().ofMaxSize(4).map(vs -> {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < vs.size(); i++) {
                json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(vs.get(i));
            }
            return json.append('}').toString();
        });
    }
}
