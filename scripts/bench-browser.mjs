#!/usr/bin/env node
// In-browser benchmark of a release build of the app (see docs/performance.md). Builds nothing:
//
//   trunk build --release --public-url /quotelens/ --dist /work/bench-dist
//   cargo run --release --example bench_native -- inputs          # writes target/bench-inputs/
//   node scripts/bench-browser.mjs [--dist DIR] [--inputs DIR] [--reps N] [--files a.txt,b.txt]
//                                  [--load-reps N] [--settle MS] [--json OUT]
//
// It serves DIR with tests/browser/server.mjs (under /quotelens/), opens it in headless Chromium
// (tests/browser/browser.mjs) and measures, end to end and without hooks in the app:
//   (a) analyze in wasm: the worker's own `millis` for each input, as the page shows it
//       ("analysed in X ms" in #quote-count), after a warm-up analysis that loads the models;
//       pastes follow each other at once, or with --settle MS after the page has rendered the
//       previous result and waited MS (the analysis alone, without our own rendering beside it);
//   (b) paste to highlights: from dispatching the textarea's paste input event
//       (`inputType: insertFromPaste`, which the app analyses at once; typing waits for a 300 ms
//       pause instead) to the first `mark[data-quote-id]` of the new text;
//   (c) first load to usable, in a fresh browser context (empty cache, no service worker):
//       navigation start to the textarea, and to the first answer from the worker for a short
//       text pasted the moment the textarea appears.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '../tests/browser/server.mjs';
import { launch } from '../tests/browser/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


export const DEFAULT_FILES = ['demo-article.txt', 'article-1000w.txt', 'batch-400k.txt', 'curve-1m.txt'];

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Starts the static server and Chromium. */
export async function start(dist) {
  await fs.access(path.join(dist, 'index.html')).catch(() => {
    throw new Error(`${dist}/index.html not found: run trunk build --release --public-url /quotelens/ --dist ${dist}`);
  });
  const server = await serve(dist);
  const browser = await launch();
  return { server, browser, close: async () => { await browser.close(); await server.close(); } };
}

/** A fresh context and page with the textarea present. */
async function openApp(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('textarea', { timeout: 30000 });
  return { context, page, errors };
}

/**
 * Replaces the textarea's text with a marker quotation followed by `text`, dispatches the input
 * event of a paste and resolves when the marker's highlight appears:
 * { highlightMs, workerMs, status }.
 */
export async function paste(page, text, marker, timeoutMs = 600000) {
  const full = `“${marker},” the benchmark said.\n\n${text}`;
  return page.evaluate(
    ({ full, marker, timeoutMs }) =>
      new Promise((resolve, reject) => {
        const ta = document.querySelector('textarea');
        let t0 = 0;
        let done = false;
        const finish = () => {
          const t1 = performance.now();
          done = true;
          obs.disconnect();
          clearTimeout(timer);
          // The status line is rendered by the same component in the same update; read it on
          // the next frame in case it is not there yet.
          const read = () => {
            const status = document.querySelector('#quote-count')?.textContent || '';
            const m = /analysed in ([\d.]+) ms/.exec(status);
            return { highlightMs: t1 - t0, workerMs: m ? Number(m[1]) : null, status };
          };
          const r = read();
          if (r.workerMs !== null) resolve(r);
          else requestAnimationFrame(() => resolve(read()));
        };
        const check = () => {
          if (done) return;
          const m = document.querySelector('.article mark[data-quote-id]');
          if (m && m.textContent.includes(marker)) finish();
        };
        const obs = new MutationObserver(check);
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
        const timer = setTimeout(() => {
          obs.disconnect();
          reject(new Error(`no highlight for ${marker} after ${timeoutMs} ms`));
        }, timeoutMs);
        ta.value = full;
        t0 = performance.now();
        ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      }),
    { full, marker, timeoutMs },
  );
}

/**
 * (a) and (b) for each named text: a fresh page, one warm-up analysis (models load), then `reps`
 * pastes of the text. Returns one record per text.
 */
export async function measureTexts(browser, url, texts, reps = 5, settleMs = 0) {
  const out = [];
  for (const { name, text } of texts) {
    const { context, page, errors } = await openApp(browser, url);
    const warm = await paste(page, 'A short warm-up text.', `Warm up ${Date.now()}`);
    const runs = [];
    for (let k = 0; k < reps; k++) {
      // With --settle, let the page finish rendering the previous result (two frames, then a
      // pause) so the worker's analysis does not share the two cores with that rendering.
      if (settleMs > 0) {
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.waitForTimeout(settleMs);
      }
      runs.push(await paste(page, text, `Benchmark marker ${k} ${Date.now() % 100000}`));
    }
    const workerMs = runs.map((r) => r.workerMs);
    const highlightMs = runs.map((r) => r.highlightMs);
    const chars = [...text].length + 40;
    out.push({
      name,
      chars,
      reps,
      firstAnalysisMs: warm.workerMs,
      workerMs,
      workerMedianMs: median(workerMs),
      workerMinMs: Math.min(...workerMs),
      charsPerS: chars / (median(workerMs) / 1000),
      highlightMs,
      highlightMedianMs: median(highlightMs),
      status: runs.at(-1).status,
      errors,
    });
    await context.close();
  }
  return out;
}

/** (c) First load to usable, `reps` times, each in a fresh context (empty cache). */
export async function measureLoad(browser, url, reps = 5) {
  const runs = [];
  for (let k = 0; k < reps; k++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Runs before the page's own scripts: note when the textarea appears, type a short text
    // at once, and note when its highlight appears.
    await page.addInitScript(() => {
      const marks = (window.__bench = {});
      const obs = new MutationObserver(() => {
        const ta = document.querySelector('textarea');
        if (ta && marks.textarea === undefined) {
          marks.textarea = performance.now();
          ta.value = '“Ready,” she said.';
          ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
          marks.typed = performance.now();
        }
        const m = document.querySelector('.article mark[data-quote-id]');
        if (m && marks.answer === undefined) {
          marks.answer = performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document, { childList: true, subtree: true });
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench && window.__bench.answer !== undefined, null, { timeout: 30000 });
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((e) => ({
        name: e.name.split('/').pop(),
        ms: e.responseEnd - e.startTime,
        bytes: e.transferSize,
      }));
      const status = document.querySelector('#quote-count')?.textContent || '';
      const m = /analysed in ([\d.]+) ms/.exec(status);
      return {
        ...window.__bench,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        workerMs: m ? Number(m[1]) : null,
        resources: res,
      };
    });
    r.usable = r.answer;
    runs.push(r);
    await context.close();
  }
  const pick = (k) => median(runs.map((r) => r[k]));
  return {
    reps,
    textareaMedianMs: pick('textarea'),
    answerMedianMs: pick('answer'),
    usableMedianMs: pick('usable'),
    firstAnalysisWorkerMedianMs: pick('workerMs'),
    domContentLoadedMedianMs: pick('domContentLoaded'),
    loadMedianMs: pick('load'),
    runs,
  };
}

/** Reads the named input files from `dir` as { name, text }. */
export async function readInputs(dir, files) {
  return Promise.all(files.map(async (f) => ({ name: f, text: await fs.readFile(path.join(dir, f), 'utf8') })));
}

/** The value after `name` on the command line, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const dist = path.resolve(arg('--dist', '/work/bench-dist'));
  const inputs = path.resolve(arg('--inputs', path.join(root, 'target/bench-inputs')));
  const reps = Number(arg('--reps', 5));
  const loadReps = Number(arg('--load-reps', 5));
  const files = arg('--files', DEFAULT_FILES.join(',')).split(',').filter(Boolean);
  const texts = await readInputs(inputs, files.filter((f) => !f.startsWith('/')));
  for (const f of files.filter((f) => f.startsWith('/'))) {
    texts.push({ name: path.basename(f), text: await fs.readFile(f, 'utf8') });
  }
  const { server, browser, close } = await start(dist);
  try {
    const load = await measureLoad(browser, server.url, loadReps);
    console.log(`first load (median of ${loadReps}, fresh context): textarea ${load.textareaMedianMs.toFixed(0)} ms, ` +
      `first answer to a paste ${load.answerMedianMs.toFixed(0)} ms ` +
      `(first analysis in the worker ${load.firstAnalysisWorkerMedianMs?.toFixed(1)} ms)`);
    const results = await measureTexts(browser, server.url, texts, reps, Number(arg('--settle', 0)));
    console.log('\ninput                     chars   wasm analyze ms (median, min)   chars/s      paste→highlight ms (median, min)');
    for (const r of results) {
      console.log(`${r.name.padEnd(22)} ${String(r.chars).padStart(9)}   ${r.workerMedianMs.toFixed(1).padStart(10)} ${r.workerMinMs.toFixed(1).padStart(10)}          ` +
        `${Math.round(r.charsPerS).toString().padStart(9)}    ${r.highlightMedianMs.toFixed(0).padStart(7)} ${Math.min(...r.highlightMs).toFixed(0).padStart(6)}` +
        (r.errors.length ? `  page errors: ${r.errors.join('; ')}` : ''));
    }
    const out = arg('--json');
    if (out) {
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, JSON.stringify({ dist, load, results }, null, 2));
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
