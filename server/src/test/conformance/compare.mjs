// Compares two conformance result folders scenario by scenario (check id -> status), prints a markdown
// table and writes it to --md FILE when given.
// Usage: node compare.mjs <direct-dir> <proxied-dir> [--mode identical|no-worse] [--md FILE]
//   identical: exits 1 if any check differs (the 2025 runs: Detour must be invisible);
//   no-worse:  exits 1 if a check that passes directly does not pass through Detour, or is missing
//              (the 2026-07-28 run: checks the direct fixture fails may pass through Detour).
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i < 0 ? undefined : args.splice(i, 2)[1]; };
const mode = option("--mode") ?? "identical";
const mdFile = option("--md");
const [directDir, proxiedDir] = args;

function load(dir) {
  const byScenario = new Map();
  for (const entry of fs.readdirSync(dir)) {
    const m = entry.match(/^server-(.+)-\d{4}-\d{2}-\d{2}T/);
    const file = path.join(dir, entry, "checks.json");
    if (!m || !fs.existsSync(file)) continue;
    const checks = JSON.parse(fs.readFileSync(file, "utf8"));
    byScenario.set(m[1], Object.fromEntries(checks.map(c => [c.id, c.status])));
  }
  return byScenario;
}
const summary = checks => {
  const s = Object.values(checks);
  if (s.length === 0) return "not run";
  const others = s.filter(x => x !== "SUCCESS" && x !== "FAILURE");
  return `${s.filter(x => x === "SUCCESS").length}/${s.length}` + (others.length ? ` (${others.length} ${[...new Set(others)].join("/").toLowerCase()})` : "");
};
const worse = (d, p) => Object.entries(d).filter(([id, status]) => status === "SUCCESS" && p[id] !== "SUCCESS").map(([id]) => id);

const direct = load(directDir);
const proxied = load(proxiedDir);
let failing = 0;
const totals = { d: [0, 0], p: [0, 0] };
const lines = ["| scenario | direct | through Detour | verdict |", "|---|---|---|---|"];
for (const name of [...new Set([...direct.keys(), ...proxied.keys()])].sort()) {
  const d = direct.get(name) ?? {};
  const p = proxied.get(name) ?? {};
  const same = JSON.stringify(Object.entries(d).sort()) === JSON.stringify(Object.entries(p).sort());
  const lost = worse(d, p);
  const bad = mode === "identical" ? !same : lost.length > 0;
  if (bad) failing++;
  for (const [key, checks] of [["d", d], ["p", p]]) {
    totals[key][0] += Object.values(checks).filter(x => x === "SUCCESS").length;
    totals[key][1] += Object.values(checks).length;
  }
  const verdict = bad ? `**worse**: ${(lost.length ? lost : ["differs"]).join(", ")}` : same ? "same" : "better through Detour";
  lines.push(`| ${name} | ${summary(d)} | ${summary(p)} | ${verdict} |`);
}
lines.push(`| **total (${direct.size} scenarios)** | **${totals.d[0]}/${totals.d[1]}** | **${totals.p[0]}/${totals.p[1]}** | ${failing === 0 ? (mode === "identical" ? "identical" : "nothing worse") : `**${failing} worse**`} |`);
const table = lines.join("\n") + "\n";
process.stdout.write(table);
if (mdFile) fs.writeFileSync(mdFile, table);
console.log(failing === 0 ? `conformance (${mode}): no scenario does worse through Detour`
    : `conformance (${mode}): ${failing} scenario(s) do worse through Detour`);
process.exit(failing === 0 ? 0 : 1);
