#!/usr/bin/env node
// Where the time goes in wasm: per-stage times of the pipeline compiled to wasm32, in headless
// Chromium (see docs/performance.md). Builds nothing; DIR holds the wasm-bindgen output of
// bench/wasm-stages (its src/main.rs says how to build it):
//
//   node scripts/bench-wasm-stages.mjs --dir /work/bench-wasm-stages [--inputs DIR]
//        [--files a.txt,b.txt] [--reps N] [--json OUT] [--check-native CLI] [--warm-ms N]
//
// Prints the one-off model load, then for each input the mean milliseconds of each step over N
// runs (after a warm-up run) and the fastest whole run. With --check-native (the path of a
// native `quotelens` binary) it first checks that the wasm build's analysis of each input is
// the native one (the same JSON once parsed; the SIMD code differs between the two targets)
// and exits 1 if not.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { serve } from '../tests/browser/server.mjs';
import { launch } from '../tests/browser/browser.mjs';
import { arg, readInputs } from './bench-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULE = 'quotelens-wasm-stages.js';
const STEPS = ['offsets', 'text', 'quotes', 'ner', 'attribution', 'entities', 'summary', 'contract'];

/**
 * Opens the stages module of `dir` (the wasm-bindgen output of bench/wasm-stages) in a page of
 * `browser` served by `url`; resolves to { page, loadMs }.
 */
export async function openStages(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  const loadMs = await page.evaluate(async (module) => {
    const m = await import(`./${module}`);
    await m.default();
    window.bench = m;
    return m.model_load_ms();
  }, MODULE);
  return { page, loadMs };
}

/** Serves `dir` (writing its index.html) and starts a browser; resolves to { url, browser, close }. */
export async function startStages(dir) {
  await fs.access(path.join(dir, MODULE)).catch(() => {
    throw new Error(`${dir}/${MODULE} not found: build bench/wasm-stages (see its src/main.rs)`);
  });
  await fs.writeFile(path.join(dir, 'index.html'), '<!DOCTYPE html><meta charset="utf-8"><title>quotelens wasm stages</title>\n');
  const server = await serve(dir);
  const browser = await launch();
  return { url: server.url, browser, close: async () => { await browser.close(); await server.close(); } };
}

/**
 * Stage times of `texts` ({ name, text }) in wasm, `reps` runs each (fewer above 200 k chars),
 * after untimed passes over all of them for `warmMs` (at least one pass): the browser first
 * runs wasm through its baseline compiler and optimises the hot functions while they run, so a
 * fresh page is several times slower for its first analyses (native code, which bench_native
 * times, needs no such warm-up).
 */
export async function measureStages(page, texts, reps, warmMs = 2000) {
  const t = Date.now();
  do {
    for (const { text } of texts) {
      await page.evaluate((text) => window.bench.analyze_json(text).length, text);
    }
  } while (Date.now() - t < warmMs);
  const results = [];
  for (const { name, text } of texts) {
    const n = text.length > 200000 ? Math.max(3, Math.round(reps / 4)) : reps;
    const r = JSON.parse(await page.evaluate(({ text, n }) => window.bench.stage_times(text, n), { text, n }));
    r.name = name;
    results.push(r);
  }
  return results;
}

async function main() {
  const dir = path.resolve(arg('--dir', '/work/bench-wasm-stages'));
  const inputs = path.resolve(arg('--inputs', path.join(root, 'target/bench-inputs')));
  const files = arg('--files', 'demo-article.txt,article-1000w.txt,curve-100k.txt').split(',').filter(Boolean);
  const reps = Number(arg('--reps', 20));
  const texts = await readInputs(inputs, files);
  const { url, browser, close } = await startStages(dir);
  try {
    const { page, loadMs } = await openStages(browser, url);
    console.log(`wasm model load (first call, decompress and build): ${loadMs.toFixed(1)} ms\n`);
    const cli = arg('--check-native');
    if (cli) {
      let bad = 0;
      for (const { name, text } of texts) {
        const native = JSON.parse(execFileSync(cli, ['analyze', path.join(inputs, name)], { maxBuffer: 1 << 30 }));
        delete native.path;
        const wasm = JSON.parse(await page.evaluate((text) => window.bench.analyze_json(text), text));
        const same = isDeepStrictEqual(wasm, native);
        if (!same) bad += 1;
        console.log(`${name}: wasm analysis ${same ? 'identical to' : 'DIFFERS from'} native (${wasm.quotes.length} quotations, ${wasm.entities.length} entities)`);
      }
      console.log('');
      if (bad) process.exitCode = 1;
    }
    console.log(`${'input'.padEnd(20)} ${'chars'.padStart(8)} ${STEPS.map((s) => s.padStart(11)).join('')} ${'mean ms'.padStart(10)} ${'min ms'.padStart(9)}`);
    const results = await measureStages(page, texts, reps, Number(arg('--warm-ms', 2000)));
    for (const r of results) {
      console.log(`${r.name.padEnd(20)} ${String(r.chars).padStart(8)} ${STEPS.map((s) => r.stages_ms[s].toFixed(3).padStart(11)).join('')} ` +
        `${r.mean_ms.toFixed(2).padStart(10)} ${r.min_ms.toFixed(2).padStart(9)}`);
    }
    const out = arg('--json');
    if (out) {
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, JSON.stringify({ modelLoadMs: loadMs, results }, null, 2));
      console.log(`\nwrote ${out}`);
    }
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
