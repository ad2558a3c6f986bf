#!/usr/bin/env node
// Transfer-size budget of the built app: gzips every file in a dist directory (node zlib,
// level 9), prints a table and exits 1 when the gzipped total is over the budget.
//
//   node scripts/check-bundle-size.mjs [DIST=dist] [--budget BYTES]   (default 1,500,000 = 1.5 MB)
//
// Everything in DIST counts: what the page loads (HTML, JS, both wasm binaries with the
// embedded models, CSS, icon, manifest) and the service worker, which precaches all of it on
// the first visit anyway. Deterministic: the same build gives the same numbers.
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
let budget = 1_500_000;
let dist = 'dist';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--budget') budget = Number(args[++i]);
  else dist = args[i];
}
if (!Number.isFinite(budget) || budget <= 0) {
  console.error('check-bundle-size: --budget needs a number of bytes');
  process.exit(2);
}

async function list(dir, prefix = '') {
  const out = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await list(path.join(dir, entry.name), rel + '/')));
    else out.push(rel);
  }
  return out.sort();
}

let files;
try {
  files = await list(dist);
} catch (e) {
  console.error(`check-bundle-size: cannot read ${dist}: ${e.message}`);
  process.exit(2);
}
if (files.length === 0) {
  console.error(`check-bundle-size: ${dist} is empty`);
  process.exit(2);
}

const rows = [];
for (const f of files) {
  const body = await fs.readFile(path.join(dist, f));
  const gz = zlib.gzipSync(body, { level: 9 }).length;
  rows.push({ f, raw: body.length, gz });
}
rows.sort((a, b) => b.gz - a.gz);
const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gz: s.gz + r.gz }), { raw: 0, gz: 0 });
const kb = (n) => (n / 1000).toFixed(1).padStart(9);
const width = Math.max(5, ...rows.map((r) => r.f.length));
console.log(`${'file'.padEnd(width)}   raw (KB)  gzip -9 (KB)`);
for (const r of rows) console.log(`${r.f.padEnd(width)}  ${kb(r.raw)}     ${kb(r.gz)}`);
console.log(`${'total'.padEnd(width)}  ${kb(total.raw)}     ${kb(total.gz)}`);
const over = total.gz > budget;
console.log(
  `${over ? 'OVER BUDGET' : 'within budget'}: ${total.gz.toLocaleString('en')} bytes gzipped ` +
    `(${((100 * total.gz) / budget).toFixed(0)}% of ${budget.toLocaleString('en')})`,
);
process.exit(over ? 1 : 0);
