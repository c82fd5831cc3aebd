// Replaces the generated part of a markdown file between <!-- conformance:NAME --> and
// <!-- /conformance:NAME --> with the contents of a file (a table compare.mjs wrote).
// Usage: node update-doc.mjs <doc.md> <NAME> <table.md>; prints whether the doc changed.
import fs from "node:fs";

const [doc, name, tableFile] = process.argv.slice(2);
const begin = `<!-- conformance:${name} -->`;
const end = `<!-- /conformance:${name} -->`;
const text = fs.readFileSync(doc, "utf8");
const from = text.indexOf(begin);
const to = text.indexOf(end);
if (from < 0 || to < from) {
  console.error(`${doc}: no ${begin} … ${end} section`);
  process.exit(1);
}
const updated = text.slice(0, from + begin.length) + "\n" + fs.readFileSync(tableFile, "utf8") + text.slice(to);
if (updated !== text) {
  fs.writeFileSync(doc, updated);
  console.log(`${doc}: conformance table '${name}' updated`);
} else {
  console.log(`${doc}: conformance table '${name}' unchanged`);
}
