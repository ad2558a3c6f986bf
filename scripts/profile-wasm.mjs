// Where the time goes inside the wasm build: samples the pipeline in headless Chromium with the
// DevTools protocol's CPU profiler and prints the functions with the most self time. Needs a
// build of bench/wasm-stages that keeps its function names (see docs/performance.md):
//
//   (cd bench/wasm-stages && cargo build --release --target wasm32-unknown-unknown)
//   wasm-bindgen --target web --no-typescript --keep-debug --out-dir DIR \
//     $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/quotelens-wasm-stages.wasm
//   wasm-opt -O3 -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-simd \
//     DIR/quotelens-wasm-stages_bg.wasm -o DIR/quotelens-wasm-stages_bg.wasm
//   node scripts/profile-wasm.mjs --dir DIR [--file batch-400k.txt] [--reps 5] [--top 30]
//
// The input is analysed untimed for two seconds first (so that the browser has optimised the
// hot code), then `--reps` times under the profiler (sampling every 100 µs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, readInputs } from './bench-browser.mjs';
import { openStages, startStages } from './bench-wasm-stages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const dir = path.resolve(arg('--dir', '/work/bench-wasm-names'));
  const inputs = path.resolve(arg('--inputs', path.join(root, 'target/bench-inputs')));
  const file = arg('--file', 'batch-400k.txt');
  const reps = Number(arg('--reps', 5));
  const top = Number(arg('--top', 30));
  const [{ text }] = await readInputs(inputs, [file]);
  const { url, browser, close } = await startStages(dir);
  try {
    const { page } = await openStages(browser, url);
    const t = Date.now();
    do {
      await page.evaluate((text) => window.bench.analyze_json(text).length, text);
    } while (Date.now() - t < 2000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.evaluate(({ text, reps }) => {
      for (let k = 0; k < reps; k++) window.bench.analyze_json(text);
    }, { text, reps });
    const { profile } = await cdp.send('Profiler.stop');
    // Self time per function: each sample is charged to the node it landed in.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    const deltas = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const name = n.callFrame.functionName || `(${n.callFrame.url ? 'anonymous' : 'program'})`;
      const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
      self.set(name, (self.get(name) || 0) + dt);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    console.log(`${file}: ${reps} analyses, ${total.toFixed(1)} ms sampled; self time by function:`);
    for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms.toFixed(1).padStart(9)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${name.slice(0, 110)}`);
    }
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
