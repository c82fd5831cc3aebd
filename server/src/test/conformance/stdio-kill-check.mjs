// stdio supervision through Detour with a real upstream: kill the stdio child mid-call, expect a structured
// error promptly, then a successful call on the restarted child.
// Usage: node stdio-kill-check.mjs <detour-url> <detour-pid>
import { execSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, detourPid] = process.argv.slice(2);
const children = () => execSync(`pgrep -P ${detourPid} || true`).toString().trim().split(/\s+/).filter(Boolean);
const client = new Client({ name: "detour-kill-check", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const before = children();
const longCall = client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 30, steps: 30 } },
    undefined, { timeout: 60000 });
await new Promise(r => setTimeout(r, 1000));
const killedAt = Date.now();
for (const pid of before) process.kill(Number(pid), "SIGKILL");
const result = await longCall;
const failedAfter = Date.now() - killedAt;
const serf = result.structuredContent ?? {};
const structured = result.isError === true && serf.category === "UPSTREAM_UNAVAILABLE";
console.log(`${structured && failedAfter < 3000 ? "PASS" : "FAIL"} call in flight failed after ${failedAfter} ms: ` +
    `isError=${result.isError}, category=${serf.category}, message=${serf.message}`);
const echo = await client.callTool({ name: "echo", arguments: { message: "after restart" } });
const after = children();
const restarted = JSON.stringify(echo.content).includes("after restart") && after.length > 0 && after[0] !== before[0];
console.log(`${restarted ? "PASS" : "FAIL"} next call succeeded on a restarted child (pid ${before} -> ${after})`);
await client.close();
process.exit(structured && failedAfter < 3000 && restarted ? 0 : 1);
