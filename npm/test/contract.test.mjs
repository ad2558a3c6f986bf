// The npm package against the CLI: the same contract, value for value, from both entries
// (Node's and the web build's). QUOTELENS_BIN is the CLI (default ../target/release/quotelens);
// QUOTELENS_BATCH the benchmark batch (default ../target/bench-inputs/batch-400k.jsonl).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyze, contractVersion } from "quotelens";
import initWeb, { analyze as analyzeWeb } from "../pkg/web/quotelens.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = process.env.QUOTELENS_BIN || `${root}target/release/quotelens`;
const batchPath = process.env.QUOTELENS_BATCH || `${root}target/bench-inputs/batch-400k.jsonl`;
const demoPath = `${root}static/demo-article.txt`;

function run(args, input) {
  assert.ok(existsSync(cli), `no quotelens binary at ${cli}: build it or set QUOTELENS_BIN`);
  return execFileSync(cli, args, { input, maxBuffer: 1 << 30 }).toString("utf8");
}

/** The CLI's --jsonl analyses of `records`, without "path" and the copied input fields. */
function cliJsonl(records) {
  const out = run(["analyze", "--jsonl", "--jobs", "2"], records.map((r) => JSON.stringify(r) + "\n").join(""));
  const analyses = out.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(analyses.length, records.length);
  return analyses.map((a, i) => {
    delete a.path;
    for (const k of Object.keys(records[i])) if (k !== "text") delete a[k];
    return a;
  });
}

test("the demo article equals the CLI's JSON", () => {
  const expected = JSON.parse(run(["analyze", demoPath]));
  delete expected.path;
  const got = analyze(readFileSync(demoPath, "utf8"));
  assert.deepStrictEqual(got, expected);
  assert.ok(got.quotes.length > 0 && got.entities.length > 0);
  assert.equal(Object.getPrototypeOf(got), Object.prototype, "a plain object, not a Map");
  assert.equal(contractVersion(), got.version);
});

test("the 400 k benchmark batch equals the CLI's --jsonl", () => {
  const records = readFileSync(batchPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const expected = cliJsonl(records);
  records.forEach((r, i) => assert.deepStrictEqual(analyze(r.text), expected[i], r.id));
});

test("odd texts equal the CLI's --jsonl (emoji, other scripts, empty)", () => {
  const texts = [
    "",
    "No quotation here.",
    "She said: “He told me ‘never’ — twice 🙂.” Then she left.",
    "Le ministre a déclaré : « Nous ne céderons pas », selon l'AFP. 東京で「はい」と述べた。",
    "“Unclosed, said nobody",
  ];
  const expected = cliJsonl(texts.map((text) => ({ text })));
  texts.forEach((t, i) => assert.deepStrictEqual(analyze(t), expected[i]));
});

test("the web build (--target web) gives the same analysis", async () => {
  await initWeb({ module_or_path: readFileSync(new URL("../pkg/node/quotelens_bg.wasm", import.meta.url)) });
  const text = readFileSync(demoPath, "utf8");
  assert.deepStrictEqual(analyzeWeb(text), analyze(text));
});

test("a text over the size limit throws", () => {
  assert.throws(() => analyze("a".repeat(32 * 1024 * 1024 + 1)), /limit/);
});

test("the browser entry (web.mjs) is ready on import, as the Node one", async () => {
  // web.mjs fetches its .wasm next to it; Node's fetch does not read file: URLs, so serve them.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) =>
    new Response(readFileSync(new URL(url)), { headers: { "Content-Type": "application/wasm" } });
  try {
    const web = await import("../web.mjs");
    const text = readFileSync(demoPath, "utf8");
    assert.deepStrictEqual(web.analyze(text), analyze(text));
    assert.equal(web.contractVersion(), 1);
  } finally {
    globalThis.fetch = realFetch;
  }
});
