package dev.detour.bench.load.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port free right now, for a program that cannot be told to pick one and report it
 * (the npm {@code mcp-proxy} prints the port it was given, so {@code --port 0} leaves it unknown).
 * Another process could take it before the program binds it; the program then fails to start, loudly.
 */
public final class FreePort {

    private FreePort() {
    }

    /** A port no socket on loopback is bound to at the moment of the call. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
