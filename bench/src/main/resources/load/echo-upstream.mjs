// The Node upstream of the load harness (bench/README.md, "Proxy overhead under load"): the same one
// `echo` tool as the Java fixture (dev.detour.bench.load.fixture.EchoProtocol), written the way a
// TypeScript MCP server usually is, with the official SDK (@modelcontextprotocol/sdk, pinned in
// dev.detour.bench.load.NodePeers, which writes this file into the install directory). Streamable HTTP with sessions and JSON answers (enableJsonResponse), or stdio.
// Usage: node echo-upstream.mjs --http [--port 0] [--name node]   |   node echo-upstream.mjs --stdio [--name node]
import http from "node:http";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const name = option("--name", "node");

function newServer() {
  const server = new McpServer({ name: `detour-bench-echo-${name}`, version: "1.0.0" });
  server.registerTool("echo", {
    description: `Echo the text back (${name}).`,
    inputSchema: { text: z.string() },
    annotations: { readOnlyHint: true, idempotentHint: true },
  }, async ({ text }) => ({ content: [{ type: "text", text }], structuredContent: { by: name, text } }));
  return server;
}

if (args.includes("--stdio")) {
  await newServer().connect(new StdioServerTransport());
} else {
  const sessions = new Map();
  const readBody = req => new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", c => chunks.push(c));
    req.on("end", () => { try { resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined); } catch (e) { reject(e); } });
    req.on("error", reject);
  });
  const httpServer = http.createServer(async (req, res) => {
    if (!req.url.startsWith("/mcp")) { res.writeHead(404).end(); return; }
    try {
      const id = req.headers["mcp-session-id"];
      const body = req.method === "POST" ? await readBody(req) : undefined;
      let transport = id ? sessions.get(id) : undefined;
      if (!transport && req.method === "POST" && !id && isInitializeRequest(body)) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: true,
          onsessioninitialized: sid => sessions.set(sid, transport),
        });
        transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
        await newServer().connect(transport);
      }
      if (!transport) {
        res.writeHead(id ? 404 : 400, { "Content-Type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: id ? "Session not found" : "Bad Request: no session" } }));
        return;
      }
      await transport.handleRequest(req, res, body);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    }
  });
  httpServer.keepAliveTimeout = 300_000; // the harness keeps its connections for the whole run
  httpServer.listen(Number(option("--port", "0")), "127.0.0.1", () => {
    console.log(`echo upstream ${name} listening on http://127.0.0.1:${httpServer.address().port}/mcp`);
  });
}
