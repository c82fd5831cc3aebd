package dev.detour.server.mcp;

import dev.detour.router.time.Ticker;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live downstream sessions: unguessable ids, idle expiry on a {@link Ticker} (so tests move time
 * by hand). A session counts as idle only while it has no open stream and no request in flight.
 * Confined to the endpoint's event loop.
 */
public final class Sessions {

    /** Random bytes per session id: 256 bits, far beyond guessing. */
    public static final int ID_BYTES = 32;

    /** One live session and its transport state. */
    public static final class Entry {
        private final String id;
        private final McpSession session;
        private final ProtocolRevision revision;
        private final SessionStreams streams;
        private long lastSeenNanos;

        Entry(String id, McpSession session, ProtocolRevision revision, SessionStreams streams, long now) {
            this.id = id;
            this.session = session;
            this.revision = revision;
            this.streams = streams;
            this.lastSeenNanos = now;
        }

        public String id() {
            return id;
        }

        public McpSession session() {
            return session;
        }

        public ProtocolRevision revision() {
            return revision;
        }

        public SessionStreams streams() {
            return streams;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> live = new HashMap<>();
    private final Ticker ticker;
    private final long idleNanos;

    /**
     * @param ticker      the clock for idle time
     * @param idleTimeout how long an unused session lives
     */
    public Sessions(Ticker ticker, Duration idleTimeout) {
        this.ticker = ticker;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** A fresh id: {@value #ID_BYTES} random bytes, base64url without padding (visible ASCII only). */
    public String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Registers a session under its id. */
    public Entry add(String id, McpSession session, ProtocolRevision revision, SessionStreams streams) {
        Entry entry = new Entry(id, session, revision, streams, ticker.nanos());
        live.put(id, entry);
        return entry;
    }

    /**
     * Looks up a session and marks it used. An idle-expired session is closed and reported missing.
     */
    public Optional<Entry> touch(String id) {
        Entry entry = live.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        long now = ticker.nanos();
        if (expired(entry, now)) {
            remove(id);
            return Optional.empty();
        }
        entry.lastSeenNanos = now;
        return Optional.of(entry);
    }

    /** Removes and closes a session; completes when what it held upstream is released. */
    public Future<Void> remove(String id) {
        Entry entry = live.remove(id);
        if (entry == null) {
            return Future.succeededFuture();
        }
        entry.streams.closeStandalone();
        return entry.session.close();
    }

    /** Closes every idle-expired session; returns how many. */
    public int expireIdle() {
        long now = ticker.nanos();
        List<String> expired = new ArrayList<>();
        for (Entry entry : live.values()) {
            if (expired(entry, now)) {
                expired.add(entry.id);
            }
        }
        expired.forEach(this::remove);
        return expired.size();
    }

    /** Ends every standalone stream, so a graceful shutdown does not wait on them. */
    public void closeStreams() {
        live.values().forEach(entry -> entry.streams.closeStandalone());
    }

    /** Closes every session; completes when all are closed. */
    public Future<Void> closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        new ArrayList<>(live.keySet()).forEach(id -> closing.add(remove(id)));
        return Future.join(closing).mapEmpty();
    }

    private boolean expired(Entry entry, long now) {
        if (entry.streams.busy()) {
            entry.lastSeenNanos = now;
            return false;
        }
        return now - entry.lastSeenNanos > idleNanos;
    }
}
