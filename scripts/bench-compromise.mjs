#!/usr/bin/env node
// quotelens side by side with compromise (npm, pinned in bench/package.json), on the same texts
// in the same run (see docs/performance.md):
//
//   (cd bench && npm ci)                                            # compromise, locally
//   cargo build --release --example bench_native                    # the native timing tool
//   target/release/examples/bench_native inputs                     # target/bench-inputs/
//   trunk build --release --public-url /quotelens/ --dist /work/bench-dist   # for the wasm column
//   node scripts/bench-compromise.mjs [--native BIN] [--dist DIR | --no-wasm] [--inputs DIR]
//                                     [--files a.txt,b.txt] [--reps N] [--json OUT]
//                                     [--wasm-stages DIR]   # bench/wasm-stages, see its main.rs
//                                     [--warm-ms N]         # JIT warm-up before timing (2000)
//
// compromise: nlp(text) then .quotations(), .people(), .places(), .organizations(), each turned
// into an array (so the matches are really computed), median of N runs after a warm-up (all the
// inputs, round after round, for --warm-ms: V8 optimises hot code while it runs).
// quotelens native: the whole pipeline including the contract conversion (`analyze`), median of
// N runs after a warm-up run, models already loaded (their one-off load is printed apart).
// quotelens wasm: the worker's own time for `analyze` in headless Chromium (scripts/bench-browser.mjs),
// each paste in the page as a reader makes it; with --wasm-stages, also the pipeline alone in
// wasm, timed the way bench_native times it (back-to-back runs after a warm-up run).
// Prints throughput in characters per second and the ratios native/compromise and
// wasm/compromise, the native one against its guard rail (≥ 25×; the 100× and 30× budgets of
// the first sessions are retired); exits 0 either way (a benchmark,
// not a test).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEFAULT_FILES, arg, median, measureTexts, readInputs, start } from './bench-browser.mjs';
import { measureStages, openStages, startStages } from './bench-wasm-stages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The guard rail: native throughput at least this many times compromise's on the same text. */
const NATIVE_BUDGET = 25;

async function loadCompromise() {
  const require = createRequire(path.join(root, 'bench/package.json'));
  let entry;
  try {
    entry = require.resolve('compromise');
  } catch {
    throw new Error('compromise is not installed: run (cd bench && npm ci)');
  }
  const mod = await import(pathToFileURL(entry).href);
  const nlp = mod.default || mod;
  const version = JSON.parse(await fs.readFile(path.join(root, 'bench/node_modules/compromise/package.json'), 'utf8')).version;
  return { nlp, version };
}

function runCompromise(nlp, text) {
  const doc = nlp(text);
  return {
    quotations: doc.quotations().out('array').length,
    people: doc.people().out('array').length,
    places: doc.places().out('array').length,
    organizations: doc.organizations().out('array').length,
  };
}

function timeCompromise(nlp, texts, reps, warmMs) {
  // Warm-up (JIT): every input once, then round after round until `warmMs` have passed.
  const t = performance.now();
  do {
    for (const { text } of texts) runCompromise(nlp, text);
  } while (performance.now() - t < warmMs);
  return texts.map(({ name, text }) => {
    const ms = [];
    let found;
    const cpu = [];
    for (let k = 0; k < reps; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      found = runCompromise(nlp, text);
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const chars = [...text].length;
    const cpuCharsPerS = chars / (median(cpu) / 1000);
    const minMs = Math.min(...ms);
    return { name, chars, ms, medianMs: median(ms), minMs, cpuMedianMs: median(cpu), cpuCharsPerS, charsPerS: chars / (median(ms) / 1000), bestCharsPerS: chars / (minMs / 1000), found };
  });
}

function timeNative(bin, dir, files, reps) {
  const r = spawnSync(bin, ['time', '--reps', String(reps), ...files.map((f) => path.join(dir, f))], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.error}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((j) => ({
      name: path.basename(j.file),
      chars: j.chars,
      medianMs: j.median_ms,
      minMs: j.min_ms,
      charsPerS: j.chars_per_s,
      bestCharsPerS: j.chars / (j.min_ms / 1000),
      cpuMedianMs: j.cpu_median_ms,
      cpuCharsPerS: j.cpu_chars_per_s,
      modelLoadMs: j.model_load_ms,
      stagesMs: j.stages_ms,
      quotes: j.quotes,
    }));
}

async function main() {
  const reps = Number(arg('--reps', 5));
  const inputs = path.resolve(arg('--inputs', path.join(root, 'target/bench-inputs')));
  const files = arg('--files', DEFAULT_FILES.join(',')).split(',').filter(Boolean);
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const bin = path.resolve(arg('--native', path.join(targetDir, 'release/examples/bench_native')));
  const wantWasm = !process.argv.includes('--no-wasm');
  const dist = path.resolve(arg('--dist', '/work/bench-dist'));

  const texts = await readInputs(inputs, files);
  const { nlp, version } = await loadCompromise();
  console.log(`compromise ${version}, node ${process.version}; ${reps} runs each, medians\n`);

  // JIT-compiled code (compromise in node, quotelens in wasm) is timed after the same warm-up.
  const warmMs = Number(arg('--warm-ms', 2000));
  const js = timeCompromise(nlp, texts, reps, warmMs);
  const native = timeNative(bin, inputs, files, reps);
  let wasm = null;
  if (wantWasm) {
    const { server, browser, close } = await start(dist);
    try {
      wasm = await measureTexts(browser, server.url, texts, reps);
    } finally {
      await close();
    }
  }

  // The pipeline alone in wasm, timed as bench_native times it natively (stage by stage, runs
  // back to back after a warm-up run), in the same run: bench/wasm-stages (see its main.rs).
  let stages = null;
  const stagesDir = arg('--wasm-stages');
  if (stagesDir) {
    const { url, browser, close } = await startStages(path.resolve(stagesDir));
    try {
      const { page } = await openStages(browser, url);
      stages = await measureStages(page, texts, Math.max(reps, 10), warmMs);
    } finally {
      await close();
    }
  }

  const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`).padStart(9);
  const rows = [];
  for (const best of [false, true]) {
    const key = best ? 'bestCharsPerS' : 'charsPerS';
    console.log(best
      ? '\nbest run of each (least disturbed by other load):'
      : 'medians:');
    console.log('input                   chars   compromise     native       wasm  (chars/s)   native/compromise   wasm/compromise');
    for (let i = 0; i < texts.length; i++) {
      const c = js[i];
      const n = native[i];
      const w = wasm?.[i];
      const wasmRate = w ? (best ? w.chars / (w.workerMinMs / 1000) : w.charsPerS) : null;
      const rn = n[key] / c[key];
      const rw = w ? wasmRate / c[key] : null;
      if (!best) rows.push({ name: c.name, chars: c.chars, compromise: c, native: n, wasm: w });
      rows[i][best ? 'best' : 'median'] = { nativeRatio: rn, wasmRatio: rw };
      console.log(
        `${c.name.padEnd(20)} ${String(c.chars).padStart(9)} ${fmt(c[key])}  ${fmt(n[key])}  ${w ? fmt(wasmRate) : '        -'}` +
          `              ${rn.toFixed(1).padStart(6)}×  ${rn >= NATIVE_BUDGET ? 'ok ' : 'LOW'}     ` +
          `${rw === null ? '-' : `${rw.toFixed(1).padStart(6)}×`}`,
      );
    }
  }
  if (stages) {
    console.log(`\nwasm, the pipeline alone (bench/wasm-stages in headless Chromium: mean of back-to-back runs after the same ${warmMs} ms warm-up as compromise; bench_native times native the same way):`);
    console.log('input                   chars   compromise  wasm mean  wasm best  (chars/s)   wasm/compromise (mean, best)');
    for (let i = 0; i < texts.length; i++) {
      const c = js[i];
      const st = stages[i];
      const mean = st.chars / (st.mean_ms / 1000);
      const best = st.chars / (st.min_ms / 1000);
      const rm = mean / c.charsPerS;
      const rb = best / c.bestCharsPerS;
      rows[i].wasmPipeline = { meanMs: st.mean_ms, minMs: st.min_ms, stagesMs: st.stages_ms, meanRatio: rm, bestRatio: rb };
      console.log(`${c.name.padEnd(20)} ${String(c.chars).padStart(9)} ${fmt(c.charsPerS)}  ${fmt(mean)}  ${fmt(best)}              ` +
        `${rm.toFixed(1).padStart(6)}×       ${rb.toFixed(1).padStart(6)}×`);
    }
  }
  console.log('\nCPU time (process CPU for compromise, thread CPU for native; not available for wasm):');
  for (let i = 0; i < texts.length; i++) {
    const c = js[i];
    const n = native[i];
    if (n.cpuCharsPerS) {
      const r = n.cpuCharsPerS / c.cpuCharsPerS;
      rows[i].cpu = { nativeRatio: r };
      console.log(`${c.name.padEnd(20)} ${String(c.chars).padStart(9)} ${fmt(c.cpuCharsPerS)}  ${fmt(n.cpuCharsPerS)}                          ${r.toFixed(1).padStart(6)}×  ${r >= NATIVE_BUDGET ? 'ok ' : 'LOW'}`);
    }
  }
  // What each native stage alone allows: compromise's median time over the stage's median time
  // is the ratio the whole pipeline would reach if every other stage cost nothing, so the
  // smallest of these bounds the native ratio from above.
  console.log('\nnative stage ceilings (compromise median ms / stage median ms; the whole ratio cannot exceed any of them):');
  for (let i = 0; i < texts.length; i++) {
    const c = js[i];
    const st = native[i].stagesMs ?? {};
    const compromiseMs = (c.chars / c.charsPerS) * 1000;
    const cells = Object.entries(st)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${(compromiseMs / ms).toFixed(0)}×`);
    const rest = Object.entries(st).filter(([k]) => k !== 'ner').reduce((s, [, ms]) => s + ms, 0);
    rows[i].ceilings = { ...Object.fromEntries(Object.entries(st).map(([k, ms]) => [k, compromiseMs / ms])), allButNer: compromiseMs / rest };
    console.log(`${c.name.padEnd(20)} ${cells.join(', ')}; all but ner ${(compromiseMs / rest).toFixed(0)}×`);
  }
  console.log(`\nguard rails: native ≥ ${NATIVE_BUDGET}× compromise; in the page, 1,000 words ≤ 5 ms (scripts/bench-browser.mjs)`);
  console.log(`native model load (once per process): ${native[0]?.modelLoadMs.toFixed(1)} ms`);
  for (const c of js) console.log(`compromise found in ${c.name}: ${JSON.stringify(c.found)}`);
  for (const n of native) console.log(`quotelens found in ${n.name}: ${n.quotes} quotations`);
  const out = arg('--json');
  if (out) {
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, JSON.stringify({ compromise: version, rows }, null, 2));
    console.log(`wrote ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
