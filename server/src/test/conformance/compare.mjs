// Compares two conformance result folders scenario by scenario (check id -> status) and prints a table.
// Usage: node compare.mjs <direct-dir> <proxied-dir>; exits 1 if any check differs.
import fs from "node:fs";
import path from "node:path";

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
  return `${s.filter(x => x === "SUCCESS").length}/${s.length} pass` +
      (s.some(x => x !== "SUCCESS" && x !== "FAILURE") ? ` (${s.filter(x => x !== "SUCCESS" && x !== "FAILURE").join(",")})` : "");
};
const direct = load(process.argv[2]);
const proxied = load(process.argv[3]);
let differ = 0;
console.log("| scenario | direct | through Detour | same |");
console.log("|---|---|---|---|");
for (const name of [...new Set([...direct.keys(), ...proxied.keys()])].sort()) {
  const d = direct.get(name) ?? {};
  const p = proxied.get(name) ?? {};
  const same = JSON.stringify(Object.entries(d).sort()) === JSON.stringify(Object.entries(p).sort());
  if (!same) differ++;
  console.log(`| ${name} | ${summary(d)} | ${summary(p)} | ${same ? "yes" : "NO"} |`);
}
console.log(differ === 0 ? "conformance: identical results direct and through Detour"
    : `conformance: ${differ} scenario(s) differ`);
process.exit(differ === 0 ? 0 : 1);
