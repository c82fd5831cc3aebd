// Upstream fixture for the MCP conformance suite (server scenarios of @modelcontextprotocol/conformance 0.1.16),
// written with the official TypeScript SDK: every tool, resource and prompt the scenarios call, on
// Streamable HTTP with sessions and DNS-rebinding protection. (Tools without an inputSchema get only `extra`.) Usage: node fixture-server.mjs <port>
import http from "node:http";
import { randomUUID } from "node:crypto";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CompleteRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema, CreateMessageResultSchema,
  ElicitResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";
const sleep = ms => new Promise(r => setTimeout(r, ms));

function newServer() {
  const server = new McpServer({ name: "detour-conformance-fixture", version: "1.0.0" },
      { capabilities: { logging: {}, completions: {}, resources: { subscribe: true, listChanged: true },
        tools: { listChanged: true }, prompts: { listChanged: true } } });
  const text = t => ({ content: [{ type: "text", text: t }] });
  server.registerTool("test_simple_text", { description: "simple text" }, async () => text("This is a simple text response for testing."));
  server.registerTool("test_image_content", { description: "image" }, async () => ({ content: [{ type: "image", data: PNG, mimeType: "image/png" }] }));
  server.registerTool("test_audio_content", { description: "audio" }, async () => ({ content: [{ type: "audio", data: WAV, mimeType: "audio/wav" }] }));
  server.registerTool("test_embedded_resource", { description: "embedded resource" }, async () => ({ content: [{ type: "resource",
    resource: { uri: "test://embedded-resource", mimeType: "text/plain", text: "This is an embedded resource content." } }] }));
  server.registerTool("test_multiple_content_types", { description: "mixed" }, async () => ({ content: [
    { type: "text", text: "Multiple content types test:" }, { type: "image", data: PNG, mimeType: "image/png" },
    { type: "resource", resource: { uri: "test://mixed-content-resource", mimeType: "application/json", text: "{\"test\":\"data\",\"value\":123}" } }] }));
  server.registerTool("test_tool_with_logging", { description: "logs" }, async (extra) => {
    for (const [i, msg] of ["Tool execution started", "Tool processing data", "Tool execution completed"].entries()) {
      if (i > 0) await sleep(50);
      await extra.sendNotification({ method: "notifications/message", params: { level: "info", data: msg } });
    }
    return text("Logging tool executed");
  });
  server.registerTool("test_error_handling", { description: "error" }, async () => ({ isError: true,
    content: [{ type: "text", text: "This tool intentionally returns an error for testing" }] }));
  server.registerTool("test_tool_with_progress", { description: "progress" }, async (extra) => {
    const token = extra._meta?.progressToken;
    for (const [i, p] of [0, 50, 100].entries()) {
      if (i > 0) await sleep(50);
      if (token !== undefined) await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: p, total: 100 } });
    }
    return text("Progress tool executed");
  });
  server.registerTool("test_sampling", { description: "sampling", inputSchema: { prompt: z.string() } }, async ({ prompt }, extra) => {
    const r = await extra.sendRequest({ method: "sampling/createMessage", params: {
      messages: [{ role: "user", content: { type: "text", text: prompt } }], maxTokens: 100 } }, CreateMessageResultSchema);
    return text(`LLM response: ${r.content?.text ?? JSON.stringify(r.content)}`);
  });
  const elicit = async (extra, message, requestedSchema) => {
    const r = await extra.sendRequest({ method: "elicitation/create", params: { message, requestedSchema } }, ElicitResultSchema);
    return r;
  };
  server.registerTool("test_elicitation", { description: "elicitation", inputSchema: { message: z.string() } }, async ({ message }, extra) => {
    const r = await elicit(extra, message, { type: "object", properties: { username: { type: "string", description: "User's response" },
      email: { type: "string", description: "User's email address" } }, required: ["username", "email"] });
    return text(`User response: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerTool("test_elicitation_sep1034_defaults", { description: "elicitation defaults" }, async (extra) => {
    const r = await elicit(extra, "Defaults", { type: "object", properties: {
      name: { type: "string", default: "John Doe" }, age: { type: "integer", default: 30 }, score: { type: "number", default: 95.5 },
      status: { type: "string", enum: ["active", "inactive", "pending"], default: "active" }, verified: { type: "boolean", default: true } } });
    return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerTool("test_elicitation_sep1330_enums", { description: "elicitation enums" }, async (extra) => {
    const r = await elicit(extra, "Enums", { type: "object", properties: {
      untitledSingle: { type: "string", enum: ["option1", "option2", "option3"] },
      titledSingle: { type: "string", oneOf: [{ const: "value1", title: "First Option" }, { const: "value2", title: "Second Option" }, { const: "value3", title: "Third Option" }] },
      legacyEnum: { type: "string", enum: ["opt1", "opt2", "opt3"], enumNames: ["Option One", "Option Two", "Option Three"] },
      untitledMulti: { type: "array", items: { type: "string", enum: ["option1", "option2", "option3"] } },
      titledMulti: { type: "array", items: { anyOf: [{ const: "value1", title: "First Choice" }, { const: "value2", title: "Second Choice" }, { const: "value3", title: "Third Choice" }] } } } });
    return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  });
  server.registerResource("static-text", "test://static-text", { description: "static text", mimeType: "text/plain" },
      async () => ({ contents: [{ uri: "test://static-text", mimeType: "text/plain", text: "This is the content of the static text resource." }] }));
  server.registerResource("static-binary", "test://static-binary", { description: "static binary", mimeType: "image/png" },
      async () => ({ contents: [{ uri: "test://static-binary", mimeType: "image/png", blob: PNG }] }));
  server.registerResource("watched-resource", "test://watched-resource", { description: "watched", mimeType: "text/plain" },
      async () => ({ contents: [{ uri: "test://watched-resource", mimeType: "text/plain", text: "watched" }] }));
  server.registerResource("template", new ResourceTemplate("test://template/{id}/data", { list: undefined }),
      { description: "template", mimeType: "application/json" },
      async (uri, { id }) => ({ contents: [{ uri: uri.href, mimeType: "application/json",
        text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] }));
  server.registerPrompt("test_simple_prompt", { description: "simple" }, async () => ({ messages: [
    { role: "user", content: { type: "text", text: "This is a simple prompt for testing." } }] }));
  server.registerPrompt("test_prompt_with_arguments", { description: "args", argsSchema: { arg1: z.string(), arg2: z.string() } },
      async ({ arg1, arg2 }) => ({ messages: [{ role: "user", content: { type: "text", text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }] }));
  server.registerPrompt("test_prompt_with_embedded_resource", { description: "embedded", argsSchema: { resourceUri: z.string() } },
      async ({ resourceUri }) => ({ messages: [
        { role: "user", content: { type: "resource", resource: { uri: resourceUri, mimeType: "text/plain", text: "Embedded resource content for testing." } } },
        { role: "user", content: { type: "text", text: "Please process the embedded resource above." } }] }));
  server.registerPrompt("test_prompt_with_image", { description: "image" }, async () => ({ messages: [
    { role: "user", content: { type: "image", data: PNG, mimeType: "image/png" } },
    { role: "user", content: { type: "text", text: "Please analyze the image above." } }] }));
  server.server.setRequestHandler(CompleteRequestSchema, async () => ({ completion: { values: ["paris", "park", "party"], total: 3, hasMore: false } }));
  server.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
  server.server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));
  return server;
}

const transports = new Map();
const port = Number(process.argv[2] ?? 3001);
http.createServer(async (req, res) => {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  if (!["localhost", "127.0.0.1", "[::1]"].includes(host)) { res.writeHead(403).end("forbidden host"); return; }
  let body;
  if (req.method === "POST") {
    const chunks = []; for await (const c of req) chunks.push(c);
    try { body = JSON.parse(Buffer.concat(chunks).toString()); } catch { res.writeHead(400).end(); return; }
  }
  const sid = req.headers["mcp-session-id"];
  let transport = sid && transports.get(sid);
  if (!transport) {
    if (req.method !== "POST" || body?.method !== "initialize") { res.writeHead(sid ? 404 : 400).end(); return; }
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: id => transports.set(id, transport) });
    transport.onclose = () => transports.delete(transport.sessionId);
    await newServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
}).listen(port, "127.0.0.1", () => console.log(`fixture listening on http://127.0.0.1:${port}/mcp`));
