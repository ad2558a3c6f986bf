#!/usr/bin/env node
// Native cost curve from 10 KB to 10 MB (see docs/performance.md):
//
//   cargo build --release --example bench_native --bin quotelens
//   target/release/examples/bench_native inputs              # writes target/bench-inputs/
//   node scripts/cost-curve.mjs [--native BIN] [--cli BIN] [--inputs DIR] [--reps N]
//                               [--svg docs/cost-curve.svg] [--json OUT]
//
// For each size it times the whole pipeline per stage (bench_native time: median wall-clock and
// CPU time of N runs after a warm-up, models loaded; from 3 MB up one run after the warm-up),
// measures peak memory (maxrss from /usr/bin/time of one run of `bench_native once`, and of the
// CLI `quotelens analyze` on the largest input), prints CPU time per MB with a linearity check
// (every size's within 1.5× of every other's) and draws the curve as an SVG. The curve and the
// check use CPU time, which other jobs on a shared machine do not inflate.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg } from './bench-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = ['10k', '100k', '1m', '3m', '10m'];
const LINEARITY = 1.5;
const MEMORY_BUDGET = 10; // peak memory ≤ 10× the input size

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`);
  return r;
}

/** Peak resident memory in bytes of one run of `cmd args` (GNU time's %M is in KB). */
function maxrss(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`/usr/bin/time ${cmd} failed: ${r.stderr}`);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return kb * 1024;
}

const GROUPS = [
  ['ner', ['ner']],
  ['attribution', ['attribution']],
  ['entities', ['entities']],
  ['text + quotes', ['offsets', 'text', 'quotes']],
  ['summary + contract', ['summary', 'contract']],
];
const COLOURS = ['#1d4e89', '#d1495b', '#edae49', '#00798c', '#7a7a7a'];

function svg(points) {
  const W = 1000;
  const H = 360;
  const pad = { l: 62, r: 16, t: 36, b: 48 };
  const pw = 380;
  const ph = H - pad.t - pad.b;
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  // Left: total time against size, log-log, with the line of exact proportionality through 1 MB.
  const xs = points.map((p) => p.bytes);
  const ys = points.map((p) => p.ms);
  const lx0 = Math.floor(Math.log10(Math.min(...xs)) + 0.05);
  const lx1 = Math.ceil(Math.log10(Math.max(...xs)) - 0.05);
  const ly0 = Math.floor(Math.log10(Math.min(...ys)) + 0.02);
  const ly1 = Math.ceil(Math.log10(Math.max(...ys)) - 0.02);
  const X = (b) => pad.l + ((Math.log10(b) - lx0) / (lx1 - lx0)) * pw;
  const Y = (ms) => pad.t + ph - ((Math.log10(ms) - ly0) / (ly1 - ly0)) * ph;
  out.push(`<text x="${pad.l}" y="20" font-weight="600">Whole pipeline, native: CPU time against input size (log–log)</text>`);
  for (let e = lx0; e <= lx1; e++) {
    const x = X(10 ** e);
    const label = e >= 6 ? `${10 ** (e - 6)} MB` : `${10 ** (e - 3)} KB`;
    out.push(`<line x1="${x}" y1="${pad.t}" x2="${x}" y2="${pad.t + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${pad.t + ph + 16}" text-anchor="middle" fill="#444">${label}</text>`);
  }
  for (let e = ly0; e <= ly1; e++) {
    const y = Y(10 ** e);
    const label = e >= 3 ? `${10 ** (e - 3)} s` : `${10 ** e} ms`;
    out.push(`<line x1="${pad.l}" y1="${y}" x2="${pad.l + pw}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${pad.l - 6}" y="${y + 4}" text-anchor="end" fill="#444">${label}</text>`);
  }
  const ref = points.find((p) => p.name === '1m') || points[0];
  const perByte = ref.ms / ref.bytes;
  const b0 = Math.max(10 ** lx0, 10 ** ly0 / perByte);
  const b1 = Math.min(10 ** lx1, 10 ** ly1 / perByte);
  out.push(`<line x1="${X(b0)}" y1="${Y(perByte * b0)}" x2="${X(b1)}" y2="${Y(perByte * b1)}" stroke="#999" stroke-dasharray="4 4"/>`);
  out.push(`<polyline fill="none" stroke="${COLOURS[0]}" stroke-width="2" points="${points.map((p) => `${X(p.bytes)},${Y(p.ms)}`).join(' ')}"/>`);
  for (const p of points) {
    out.push(`<circle cx="${X(p.bytes)}" cy="${Y(p.ms)}" r="4" fill="${COLOURS[0]}"><title>${esc(p.name)}: ${p.ms.toFixed(1)} ms</title></circle>`);
    out.push(`<text x="${X(p.bytes) + 6}" y="${Y(p.ms) - 6}" fill="#222">${p.ms >= 1000 ? (p.ms / 1000).toFixed(2) + ' s' : p.ms.toFixed(1) + ' ms'}</text>`);
  }
  out.push(`<text x="${pad.l + pw / 2}" y="${H - 10}" text-anchor="middle" fill="#444">input size (dashed: proportional to the 1 MB time)</text>`);
  // Right: milliseconds per MB at each size, stacked by stage.
  const ox = pad.l + pw + 90;
  const bw = 300;
  const maxPerMb = Math.max(...points.map((p) => p.msPerMb)) * 1.1;
  const Yb = (v) => pad.t + ph - (v / maxPerMb) * ph;
  out.push(`<text x="${ox}" y="20" font-weight="600">CPU time per MB at each size, by stage (wall-clock shares)</text>`);
  const step = 10 ** Math.floor(Math.log10(maxPerMb / 2));
  const tick = maxPerMb / step > 8 ? step * 2 : step;
  for (let v = 0; v <= maxPerMb; v += tick) {
    out.push(`<line x1="${ox}" y1="${Yb(v)}" x2="${ox + bw}" y2="${Yb(v)}" stroke="#eee"/>`);
    out.push(`<text x="${ox - 6}" y="${Yb(v) + 4}" text-anchor="end" fill="#444">${v} ms</text>`);
  }
  const slot = bw / points.length;
  points.forEach((p, i) => {
    let acc = 0;
    const x = ox + i * slot + slot * 0.2;
    GROUPS.forEach(([name, stages], g) => {
      const ms = stages.reduce((s, k) => s + (p.stages[k] || 0), 0);
      const v = (ms / p.bytes) * 1e6 * (p.msPerMb / ((p.stageSum / p.bytes) * 1e6));
      out.push(`<rect x="${x}" y="${Yb(acc + v)}" width="${slot * 0.6}" height="${Math.max(0, Yb(acc) - Yb(acc + v))}" fill="${COLOURS[g]}"><title>${esc(name)}: ${v.toFixed(0)} ms/MB</title></rect>`);
      acc += v;
    });
    out.push(`<text x="${x + slot * 0.3}" y="${pad.t + ph + 16}" text-anchor="middle" fill="#444">${p.label}</text>`);
    out.push(`<text x="${x + slot * 0.3}" y="${Yb(acc) - 4}" text-anchor="middle" fill="#222">${p.msPerMb.toFixed(0)}</text>`);
  });
  GROUPS.forEach(([name], g) => {
    const y = pad.t + 4 + g * 16;
    out.push(`<rect x="${ox + bw + 12}" y="${y - 9}" width="10" height="10" fill="${COLOURS[g]}"/>`);
    out.push(`<text x="${ox + bw + 26}" y="${y}" fill="#222">${esc(name)}</text>`);
  });
  out.push(`<text x="${ox + bw / 2}" y="${H - 10}" text-anchor="middle" fill="#444">input size</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

async function main() {
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const bin = path.resolve(arg('--native', path.join(targetDir, 'release/examples/bench_native')));
  const cli = path.resolve(arg('--cli', path.join(targetDir, 'release/quotelens')));
  const inputs = path.resolve(arg('--inputs', path.join(root, 'target/bench-inputs')));
  const reps = Number(arg('--reps', 5));
  const svgOut = path.resolve(arg('--svg', path.join(root, 'docs/cost-curve.svg')));
  const files = SIZES.map((s) => path.join(inputs, `curve-${s}.txt`));

  // Fewer runs of the big inputs (a 10 MB run takes seconds; one warm-up and one timed run).
  const timed = files.map((f) => {
    const n = statSync(f).size >= 3e6 ? 1 : reps;
    return JSON.parse(run(bin, ['time', '--reps', String(n), f]).stdout.trim());
  });
  const points = timed.map((j, i) => {
    const stageSum = Object.values(j.stages_ms).reduce((a, b) => a + b, 0);
    const bytes = j.bytes;
    // The thread's CPU clock is too coarse for a 10 KB run (it reports 0): wall clock there.
    const ms = j.cpu_median_ms > 0 ? j.cpu_median_ms : j.median_ms;
    return {
      name: SIZES[i],
      label: bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} KB`,
      bytes,
      chars: j.chars,
      // CPU time where the platform gives it (robust on a shared machine), else wall clock.
      ms,
      wallMs: j.median_ms,
      minMs: j.min_ms,
      stageSum,
      stages: j.stages_ms,
      msPerMb: (ms / bytes) * 1e6,
      peakBytes: maxrss(bin, ['once', files[i]]),
    };
  });
  const cliPeak = maxrss(cli, ['analyze', files.at(-1)]);

  console.log(`native whole pipeline, median of ${reps} runs (1 from 3 MB up) after a warm-up; models loaded (one-off load ${timed[0].model_load_ms.toFixed(1)} ms)\n`);
  console.log('size        bytes   wall ms    CPU ms   CPU ms per MB   MB/s    ner%   peak RSS MB   peak/input');
  for (const p of points) {
    console.log(
      `${p.label.padEnd(7)} ${String(p.bytes).padStart(10)} ${p.wallMs.toFixed(1).padStart(9)} ${p.ms.toFixed(1).padStart(9)} ${p.msPerMb.toFixed(1).padStart(14)} ` +
        `${(p.bytes / 1e6 / (p.ms / 1000)).toFixed(2).padStart(7)} ${((100 * p.stages.ner) / p.stageSum).toFixed(0).padStart(6)}` +
        `${(p.peakBytes / 1e6).toFixed(1).padStart(13)} ${(p.peakBytes / p.bytes).toFixed(1).padStart(11)}×`,
    );
  }
  const per = points.map((p) => p.msPerMb);
  const spread = Math.max(...per) / Math.min(...per);
  const big = points.filter((p) => p.bytes >= 1e5).map((p) => p.msPerMb);
  const bigSpread = Math.max(...big) / Math.min(...big);
  console.log(`\nlinearity: CPU time per MB varies ${spread.toFixed(2)}× across all sizes, ${bigSpread.toFixed(2)}× from 100 KB up ` +
    `(limit ${LINEARITY}×): ${spread <= LINEARITY ? 'linear' : bigSpread <= LINEARITY ? 'linear from 100 KB (fixed costs dominate 10 KB)' : 'NOT LINEAR'}`);
  const base = points[0].peakBytes;
  const last = points.at(-1);
  console.log(`memory on ${last.label}: bench_native once ${(last.peakBytes / 1e6).toFixed(1)} MB peak = ${(last.peakBytes / last.bytes).toFixed(1)}× input ` +
    `(${((last.peakBytes - base) / last.bytes).toFixed(1)}× above the ${(base / 1e6).toFixed(1)} MB at 10 KB); ` +
    `CLI analyze ${(cliPeak / 1e6).toFixed(1)} MB peak = ${(cliPeak / last.bytes).toFixed(2)}× input; budget ${MEMORY_BUDGET}× ` +
    `(judged on the CLI, the batch tool users run; bench_native is a timing harness that keeps the allocator's default ` +
    `settings and the borrowing contract conversion): ${cliPeak <= MEMORY_BUDGET * last.bytes ? 'met' : 'NOT met'}`);
  await fs.mkdir(path.dirname(svgOut), { recursive: true });
  await fs.writeFile(svgOut, svg(points));
  console.log(`wrote ${path.relative(root, svgOut)}`);
  const out = arg('--json');
  if (out) {
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, JSON.stringify({ reps, points, cliPeakBytes: cliPeak, spread, bigSpread }, null, 2));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
