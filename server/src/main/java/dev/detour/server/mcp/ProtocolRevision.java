package dev.detour.server.mcp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The MCP protocol revisions Detour serves on its one endpoint. The three 2025 revisions use
 * sessions ({@code initialize}, {@code Mcp-Session-Id}); 2026-07-28 is stateless: every request
 * carries its version in the {@code MCP-Protocol-Version} header and in {@code _meta}.
 */
public enum ProtocolRevision {
    V2025_03_26("2025-03-26", false),
    V2025_06_18("2025-06-18", false),
    V2025_11_25("2025-11-25", false),
    V2026_07_28("2026-07-28", true);

    /** The newest session-based revision: the answer to an {@code initialize} asking for one we lack. */
    public static final ProtocolRevision LATEST_SESSION_REVISION = V2025_11_25;

    /** The {@code _meta} key that carries the version on every 2026-07-28 request. */
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";

    private final String wireName;
    private final boolean stateless;

    ProtocolRevision(String wireName, boolean stateless) {
        this.wireName = wireName;
        this.stateless = stateless;
    }

    /** The date string used on the wire. */
    public String wireName() {
        return wireName;
    }

    /** True for revisions without sessions. */
    public boolean stateless() {
        return stateless;
    }

    /** The revision with this wire name, if Detour supports it. */
    public static Optional<ProtocolRevision> fromWire(String wireName) {
        for (ProtocolRevision revision : values()) {
            if (revision.wireName.equals(wireName)) {
                return Optional.of(revision);
            }
        }
        return Optional.empty();
    }

    /**
     * The answer to an {@code initialize} asking for {@code requested}: the same revision when
     * Detour supports it with sessions, else the newest session revision (the spec's rule).
     */
    public static ProtocolRevision negotiate(String requested) {
        return fromWire(requested).filter(r -> !r.stateless).orElse(LATEST_SESSION_REVISION);
    }

    /** All wire names, oldest first. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ProtocolRevision::wireName).toList();
    }
}
