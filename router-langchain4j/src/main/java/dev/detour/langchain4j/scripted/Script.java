package dev.detour.langchain4j.scripted;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link ScriptedModelServer} answers to each request. Called on the server's threads, possibly
 * concurrently: implementations must be thread-safe.
 */
@FunctionalInterface
public interface Script {

    Reply reply(ScriptedRequest request);

    /** The same reply to every request. */
    static Script always(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return request -> reply;
    }

    /** The replies in order, one per request; the last one repeats. */
    static Script inOrder(Reply... replies) {
        List<Reply> list = List.of(replies);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one reply");
        }
        AtomicInteger next = new AtomicInteger();
        return request -> list.get(Math.min(next.getAndIncrement(), list.size() - 1));
    }
}
