/**
 * The stdio upstream transport and its supervision: children in their own process group, pipe I/O on
 * virtual threads, crash detection that fails in-flight calls at once, restart with exponential
 * backoff, SIGTERM-then-SIGKILL stops, and a shutdown hook that leaves no orphan.
 */
package dev.detour.server.upstream.stdio;
