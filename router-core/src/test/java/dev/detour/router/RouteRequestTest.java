package dev.detour.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteRequestTest {

    @Test
    void inputsKeepTheCallersJsonNullsAndOrder() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("query", "mcp");
        arguments.put("cursor", null);
        arguments.put("limit", 5);

        RouteRequest request = RouteRequest.to("done", arguments);

        assertThat(request.inputs().keySet()).containsExactly("query", "cursor", "limit");
        assertThat(request.inputs()).containsEntry("cursor", null);
    }

    @Test
    void inputsAreACopyNobodyCanChange() {
        Map<String, Object> arguments = new LinkedHashMap<>(Map.of("query", "mcp"));
        RouteRequest request = RouteRequest.to("done", arguments);

        arguments.put("query", "changed");

        assertThat(request.inputs()).containsEntry("query", "mcp");
        assertThatThrownBy(() -> request.inputs().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
