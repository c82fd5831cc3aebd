package dev.detour.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detour.server.upstream.UpstreamClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which upstream owns each task of the {@code io.modelcontextprotocol/tasks} extension a client was
 * handed, so its {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} reach that upstream
 * when there are several: a task lives in the server that created it. Learnt from results with
 * {@code resultType: "task"}; the oldest are forgotten past {@link #CAPACITY}. Confined to the
 * session's event loop.
 */
final class TaskOwners {

    /** Task ids remembered per session; a client polling older tasks than this gets "unknown taskId". */
    static final int CAPACITY = 10_000;

    private final Map<String, UpstreamClient> owners = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UpstreamClient> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers the task a response from {@code upstream} hands out, if it hands one out. */
    void learn(UpstreamClient upstream, ObjectNode response) {
        JsonNode result = response.path("result");
        if (!"task".equals(result.path("resultType").asText())) {
            return;
        }
        JsonNode taskId = result.has("taskId") ? result.get("taskId") : result.path("task").get("taskId");
        if (taskId != null && taskId.isTextual()) {
            owners.put(taskId.textValue(), upstream);
        }
    }

    /** The upstream owning the task a {@code tasks/*} request names, or null when unknown. */
    UpstreamClient owner(ObjectNode request) {
        return owners.get(request.path("params").path("taskId").asText(""));
    }
}
