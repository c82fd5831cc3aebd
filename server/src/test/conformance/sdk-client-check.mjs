// The official TypeScript SDK client, through Detour, against any MCP server (issue 5's "real client" check).
// Usage: node sdk-client-check.mjs <detour-url>   (needs @modelcontextprotocol/sdk on NODE_PATH / in node_modules)
// Prints one line per check and exits non-zero if any failed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const url = process.argv[2];
const client = new Client({ name: "detour-sdk-check", version: "1.0.0" },
    { capabilities: { sampling: {}, roots: { listChanged: true } } });
client.setRequestHandler(CreateMessageRequestSchema, async () => ({
  model: "check", role: "assistant", content: { type: "text", text: "sampled-by-client" },
}));
client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///tmp", name: "tmp" }] }));

const results = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${name}${detail ? " — " + detail : ""}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} — ${e?.message ?? e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

await check("connect (initialize through Detour)", async () => {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return `server ${client.getServerVersion()?.name}, protocol ${client.transport?.protocolVersion ?? "?"}`;
});
await check("tools/list", async () => {
  const { tools } = await client.listTools();
  assert(tools.some(t => t.name === "echo"), "no echo tool");
  return `${tools.length} tools`;
});
await check("tools/call echo", async () => {
  const r = await client.callTool({ name: "echo", arguments: { message: "through detour" } });
  assert(JSON.stringify(r.content).includes("through detour"), JSON.stringify(r));
});
await check("tools/call get-sum", async () => {
  const r = await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } });
  assert(JSON.stringify(r.content).includes("5"), JSON.stringify(r));
});
await check("resources/list + resources/read", async () => {
  const { resources } = await client.listResources();
  assert(resources.length > 0, "no resources");
  const read = await client.readResource({ uri: resources[0].uri });
  assert(read.contents.length > 0, "empty read");
  return resources[0].uri;
});
await check("prompts/list + prompts/get", async () => {
  const { prompts } = await client.listPrompts();
  const simple = prompts.find(p => !p.arguments || p.arguments.every(a => !a.required));
  assert(simple, "no argument-free prompt");
  const got = await client.getPrompt({ name: simple.name, arguments: {} });
  assert(got.messages.length > 0, "no messages");
  return simple.name;
});
await check("progress notifications", async () => {
  let seen = 0;
  await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 1, steps: 3 } },
      undefined, { onprogress: () => { seen++; } });
  assert(seen >= 1, "no progress received");
  return `${seen} progress notifications`;
});
await check("sampling request relayed to this client", async () => {
  const r = await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "hi", maxTokens: 5 } });
  assert(JSON.stringify(r).includes("sampled-by-client"), JSON.stringify(r));
});
await client.close();
const failed = results.filter(r => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
