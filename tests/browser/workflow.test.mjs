// The reader's workflow in headless Chromium: hostile HTML, persistence, exports, a large
// input, offline use, keyboard navigation, several files, refusals, and no network traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp } from './harness.mjs';


const app = useApp();

/** A fresh context (own storage) and page with the app ready and its worker answering. */
async function ready({ context } = {}) {
  context = context || (await app.browser.newContext({ acceptDownloads: true }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.server.url);
  await page.waitForSelector('textarea', { timeout: 15000 });
  return { context, page, errors };
}

async function waitForQuotes(page, timeout = 15000) {
  await page.waitForSelector('.article mark[data-quote-id]', { timeout });
}

test('HTML with scripts and event handlers is shown as text and nothing runs', async () => {
  const { context, page, errors } = await ready();
  const hostile = `<!DOCTYPE html><html><head><title>Hostile page</title>
    <script>window.__pwned = 'script';</script></head><body>
    <nav>Home | World</nav>
    <h1>Minister under fire</h1>
    <p>“We reject these claims,” the minister said.<img src="x" onerror="window.__pwned='onerror'"></p>
    <p><a href="javascript:window.__pwned='href'">Click</a> to read &lt;script&gt; more.</p>
    <svg onload="window.__pwned='svg'"></svg>
    </body></html>`;
  await page.setInputFiles('input[type=file]', {
    name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(hostile),
  });
  await waitForQuotes(page);
  const text = await page.inputValue('textarea');
  assert.match(text, /Minister under fire/);
  assert.match(text, /We reject these claims/);
  assert.match(text, /<script> more\./, 'escaped markup stays visible as text');
  assert.doesNotMatch(text, /onerror|window\.__pwned|Home \| World/);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script, handler or URL ran');
  assert.equal(await page.locator('[onerror], [onload], img, a[href^="javascript"]:not(footer > .bookmarklet-offer > a.bookmarklet), .article svg').count(), 0);
  // The one javascript: link is the app's own bookmarklet offer (src/app/bookmarklet.rs).
  assert.equal(await page.locator('a[href^="javascript"]').count(), 1);
  assert.match(await page.textContent('.notice'), /hostile\.html/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the text survives a reload', async () => {
  const { context, page } = await ready();
  await page.fill('textarea', 'Kept text: “We will be back,” she said.');
  await waitForQuotes(page);
  await page.reload();
  await page.waitForSelector('textarea');
  assert.equal(await page.inputValue('textarea'), 'Kept text: “We will be back,” she said.');
  await waitForQuotes(page);
  await context.close();
});

test('loading a file never throws away pasted text, and closing can be undone', async () => {
  const { context, page } = await ready();
  await page.fill('textarea', 'My own notes, “not to lose”.');
  await waitForQuotes(page);
  await page.setInputFiles('input[type=file]', [
    { name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from('“One,” he said.') },
    { name: 'two.md', mimeType: 'text/markdown', buffer: Buffer.from('“Two,” she said.') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 3);
  const tabs = await page.$$eval('.tab-name', (els) => els.map((e) => e.textContent));
  assert.ok(tabs[0].startsWith('My own notes'), tabs.join(' | '));
  assert.ok(tabs.some((t) => t.includes('one.txt')) && tabs.some((t) => t.includes('two.md')));
  await page.click('.tab-name >> nth=0');
  assert.equal(await page.inputValue('textarea'), 'My own notes, “not to lose”.');
  await page.click('.tab-close >> nth=0');
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 2);
  await page.click('.notice .undo');
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 3);
  assert.equal(await page.inputValue('textarea'), 'My own notes, “not to lose”.');
  await context.close();
});

test('unsupported, empty, binary, non-UTF-8 and oversized files get a message naming the file', async () => {
  const { context, page } = await ready();
  const cases = [
    [{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') }, /scan\.pdf.*cannot be opened/],
    [{ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from('') }, /empty\.txt.*empty/],
    [{ name: 'blob.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 3, 0, 0]) }, /blob\.txt.*binary/],
    [{ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9]) }, /latin1\.txt.*UTF-8/],
  ];
  for (const [file, pattern] of cases) {
    await page.setInputFiles('input[type=file]', file);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('.notice.error')?.textContent || ''),
      pattern.source, { timeout: 5000 });
  }
  // An oversized file, made in the page and dropped: refused by its size before it is read.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(33 * 1024 * 1024).fill(97)], 'huge.txt', { type: 'text/plain' }));
    document.querySelector('.masthead').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await page.waitForFunction(() => /huge\.txt.*over the 32 MB limit/.test(document.querySelector('.notice.error')?.textContent || ''),
    null, { timeout: 5000 });
  await context.close();
});

test('export gives valid JSON (the contract) and CSV (one row per quotation)', async () => {
  const { context, page } = await ready();
  await page.click('.demo-button');
  await waitForQuotes(page);
  const marks = await page.$$eval('.article mark[data-quote-id]', (els) => new Set(els.map((e) => e.dataset.quoteId)).size);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('.export-json')]);
  assert.match(jsonDownload.suggestedFilename(), /^demo-border-crossings-stay-shut\.quotelens\.json$/);
  const json = JSON.parse(await fs.readFile(await jsonDownload.path(), 'utf8'));
  assert.equal(json.version, 1);
  assert.equal(json.quotes.length, marks);
  for (const q of json.quotes) {
    assert.ok(Number.isInteger(q.start) && q.end > q.start);
    assert.ok(['direct', 'partial', 'scare', 'indirect'].includes(q.kind));
  }

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv')]);
  assert.match(csvDownload.suggestedFilename(), /\.quotes\.csv$/);
  const csv = await fs.readFile(await csvDownload.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'article,speaker,anonymous,cue,kind,text,start,end,resolved_by,confidence,quote_confidence,cue_loaded,anonymity_reason,speaker_gender,title,source_url');
  // Count records, not lines: quoted fields may hold line breaks (multi-paragraph quotes).
  const records = csv.match(/^(?:[^"\r\n]|"(?:[^"]|"")*")*\r\n/gm).length - 1;
  assert.equal(records, json.quotes.length);
  await context.close();
});

test('keyboard moves between quotations', async () => {
  const { context, page } = await ready();
  await page.click('.demo-button');
  await waitForQuotes(page);
  await page.focus('.article mark[data-quote-id] >> nth=0');
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.quoteId !== undefined), true);
  const second = await page.evaluate(() => document.activeElement.dataset.quoteId);
  await page.keyboard.press('k');
  const first = await page.evaluate(() => document.activeElement.dataset.quoteId);
  assert.notEqual(first, second);
  await context.close();
});

test('a 5 MB input is analysed in the worker while the page keeps responding', async () => {
  const { context, page } = await ready();
  const paragraph = 'The minister said: “We will keep the crossings open for trade.” Officials disagreed. ';
  const big = (paragraph.repeat(12) + '\n\n').repeat(Math.ceil(5e6 / (paragraph.length * 12 + 2)));
  await page.evaluate((text) => {
    const area = document.querySelector('textarea');
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, big);
  await page.waitForSelector('.progress progress', { timeout: 10000 });
  // While the worker is busy, the main thread answers quickly and the UI reacts to clicks.
  const lag = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    setTimeout(() => resolve(performance.now() - t0), 0);
  }));
  assert.ok(lag < 250, `main thread blocked for ${lag} ms`);
  await page.click('.tab-new');
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 2, null, { timeout: 2000 });
  await page.click('.tab-name >> nth=0');
  await waitForQuotes(page, 120000);
  const summary = await page.textContent('#quote-count');
  assert.match(summary, /\d{4,} quotations/);
  assert.equal(await page.locator('.show-more-paragraphs').count(), 1, 'long texts render in pages');
  await context.close();
});

test('works offline after the first load, and makes no request after it is ready', async () => {
  const { context, page } = await ready();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.fill('textarea', '“Warm-up,” he said.');
  await waitForQuotes(page);
  const before = app.server.requests.length;
  await page.click('.demo-button');
  await waitForQuotes(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv')]);
  await download.path();
  await page.waitForTimeout(300);
  assert.deepEqual(app.server.requests.slice(before), [], 'no request reached the server');

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('textarea', { timeout: 15000 });
  await page.fill('textarea', 'Offline: “Still here,” she said.');
  await page.waitForFunction(() => [...document.querySelectorAll('.article mark[data-quote-id]')]
    .some((m) => m.textContent === 'Still here,'), null, { timeout: 15000 });
  await context.close();
});

test('the Content-Security-Policy forbids inline scripts and plugins', async () => {
  const { context, page } = await ready();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /object-src 'none'/);
  // An injected inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    window.__inline = false;
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.appendChild(s);
    return window.__inline;
  });
  assert.equal(ran, false);
  await context.close();
});

test('a paste is analysed at once; typing waits for the pause', async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  // A fake clock, paused once the page is up: the app's 300 ms typing pause then only elapses
  // when the test advances it, so the test does not depend on how fast this machine is.
  await page.clock.install();
  await page.goto(app.server.url);
  await page.waitForSelector('textarea', { timeout: 15000 });
  // Pause a little ahead of the page's clock, which keeps running until then (a target it has
  // already passed is refused); timers due in between fire, before anything is pasted.
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 5000);
  const send = (text, inputType) =>
    page.evaluate(({ text, inputType }) => {
      const ta = document.querySelector('textarea');
      ta.value = text;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType }));
    }, { text, inputType });
  const marked = (needle) =>
    page.evaluate((needle) => [...document.querySelectorAll('.article mark[data-quote-id]')]
      .some((m) => m.textContent.includes(needle)), needle);
  // Polled from here: the page's own timers and frames are under the paused clock.
  const appears = async (needle) => {
    for (let k = 0; k < 150; k++) {
      if (await marked(needle)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };

  await send('“Pasted words,” the editor said.', 'insertFromPaste');
  assert.ok(await appears('Pasted words'), 'a paste is analysed with the clock stopped');

  await send('“Typed words,” the editor said.', 'insertText');
  // Give the worker every chance to answer: without the pause elapsing nothing is sent.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await marked('Typed words'), false, 'typing is not analysed before the pause');
  await page.clock.runFor(400);
  assert.ok(await appears('Typed words'), 'typing is analysed once the pause has elapsed');
  await context.close();
});
