/** The Streamable HTTP upstream transport and its incremental SSE parser. */
package dev.detour.server.upstream.http;
