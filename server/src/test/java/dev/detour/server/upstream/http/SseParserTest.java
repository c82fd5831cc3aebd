package dev.detour.server.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SseParserTest {

    static final String STREAM = ": comment\r\nid: 7\nevent: message\ndata: {\"a\":\"ü✓\"}\n\nretry: 1500\ndata: one\ndata: two\n\n"
            + "id: 8\ndata:\n\n";

    @Test
    void parsesIdsEventTypesMultiLineDataRetryAndEmptyPrimingEvents() {
        List<SseParser.Event> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(Buffer.buffer(STREAM));
        assertThat(events).containsExactly(
                new SseParser.Event("7", "message", "{\"a\":\"ü✓\"}"),
                new SseParser.Event("7", "message", "one\ntwo"),
                new SseParser.Event("8", "message", ""));
        assertThat(parser.retryMillis()).isEqualTo(1500);
        assertThat(parser.lastEventId()).isEqualTo("8");
    }

    @Property(tries = 200)
    void chunkBoundariesAnywhereGiveTheSameEvents(@ForAll @IntRange(min = 1, max = 7) int chunk) {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        List<SseParser.Event> whole = new ArrayList<>();
        new SseParser(whole::add).feed(Buffer.buffer(bytes));
        List<SseParser.Event> pieces = new ArrayList<>();
        SseParser parser = new SseParser(pieces::add);
        for (int i = 0; i < bytes.length; i += chunk) {
            byte[] part = new byte[Math.min(chunk, bytes.length - i)];
            System.arraycopy(bytes, i, part, 0, part.length);
            parser.feed(Buffer.buffer(part));
        }
        assertThat(pieces).isEqualTo(whole);
    }
}
