// The browser extension as a reader uses it (built by scripts/build-extension.sh, loaded into
// headless Chromium): the toolbar button and the context menu on local news pages served from
// 127.0.0.1, the selection case, the page's title, address and date, pages whose scripts must
// never run, hostile pages, and no request leaving the extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serveNews } from './news.mjs';
import { BUILT, launchWithExtension } from './extension.mjs';

let news;
let browser;
/** Every URL any page, frame or worker of the browser asked for. */
const requests = [];

before(async () => {
  news = await serveNews();
  browser = await launchWithExtension();
  browser.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await news?.close();
});

/** Opens a news page in a new tab. */
async function openNews(name) {
  const page = await browser.context.newPage();
  await page.goto(news.url + name);
  return page;
}

/** The quotelens tab once its analysis is shown: quotations with their speakers. */
async function analysed(app) {
  await app.waitForSelector('[data-quote-id]', { timeout: 30000 });
  return app.$$eval('mark[data-quote-id]', (els) => {
    const byId = new Map();
    for (const e of els) {
      const prev = byId.get(e.dataset.quoteId);
      byId.set(e.dataset.quoteId, { text: (prev ? prev.text : '') + e.textContent, speaker: e.dataset.speaker });
    }
    return [...byId.values()];
  });
}

/** The notice the quotelens tab shows. */
async function notice(app) {
  try {
    const el = await app.waitForSelector('.notice.error .notice-text', { timeout: 30000 });
    return el.textContent();
  } catch (e) {
    throw new Error(`no notice in ${app.url()}: ${await app.textContent('body')}`);
  }
}

/** Requests made while `action` ran that did not go to the extension's own files. */
async function outsideRequests(action) {
  const from = requests.length;
  const result = await action();
  await new Promise((r) => setTimeout(r, 500));
  const outside = requests.slice(from).filter((u) => !u.startsWith(`chrome-extension://${browser.id}/`));
  return { result, outside };
}

test('the shipped manifest asks for no host and no more than activeTab, scripting, contextMenus, storage', async () => {
  for (const browserName of ['chromium', 'firefox']) {
    const dir = path.join(BUILT, '..', browserName);
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.manifest_version, 3);
    assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'contextMenus', 'scripting', 'storage']);
    assert.equal(manifest.host_permissions, undefined);
    assert.equal(manifest.optional_host_permissions, undefined);
    assert.equal(manifest.content_scripts, undefined, 'pages are read only on a click');
    const csp = manifest.content_security_policy.extension_pages;
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
    const index = await fs.readFile(path.join(dir, 'quotelens/index.html'), 'utf8');
    assert.doesNotMatch(index, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(index, /(src|href)="https?:/, 'nothing remote');
    const zip = path.join(BUILT, '..', `quotelens-${manifest.version}-${browserName}.zip`);
    assert.ok((await fs.stat(zip)).size > 100_000, `${zip} exists`);
  }
});

test('the toolbar button opens the analysis of the article, with its title, address and date', async () => {
  const page = await openNews('hard-cases.html');
  const served = news.requests.filter((r) => r !== '/favicon.ico').length;
  const { result: app, outside } = await outsideRequests(async () => {
    const app = await browser.clickToolbar(page);
    const quotes = await analysed(app);
    return { app, quotes };
  });
  const { quotes } = app;
  const texts = quotes.map((q) => q.text);
  const speakerOf = (t) => quotes.find((q) => q.text === t)?.speaker;
  assert.ok(texts.includes('We will not back down,'), `mixed marks: ${texts}`);
  assert.equal(speakerOf('We will not back down,'), 'Tahir Andrabi');
  assert.ok(texts.includes('a provocation'), `partial quote: ${texts}`);
  assert.ok(texts.includes('The crossings must reopen before winter,'), `embedded post: ${texts}`);
  assert.equal(speakerOf('The crossings must reopen before winter,'), 'Amina Yusuf');
  assert.ok(texts.includes('پاکستان امن چاہتا ہے'), `right-to-left passage: ${texts}`);
  assert.ok(texts.includes('It is a humanitarian matter,'), `single marks: ${texts}`);
  assert.equal(speakerOf('It is a humanitarian matter,'), 'Daniel Okafor');
  const text = await app.app.inputValue('textarea');
  for (const furniture of ['Advertisement', 'Fake news', 'Home', '© 2025', '2,400 likes']) {
    assert.ok(!text.includes(furniture), `page furniture “${furniture}” was dropped`);
  }
  assert.ok((await app.app.$$('p[dir="auto"]')).length > 0);
  assert.equal(
    await app.app.textContent('.page-source'),
    `From Border crossings stay shut as talks stall · ${news.url}hard-cases.html · 2025-11-14`,
  );
  assert.match(await app.app.textContent('.tab-name[aria-current="true"]'), /Border crossings stay shut/);
  assert.equal(news.requests.filter((r) => r !== '/favicon.ico').length, served, 'reading the page fetched nothing from the site');
  assert.deepEqual(outside, [], 'the extension made no request outside itself');
  await app.app.close();
  await page.close();
});

test('with a selection, only the selected text is analysed', async () => {
  const page = await openNews('hard-cases.html');
  await page.evaluate(() => {
    const p = [...document.querySelectorAll('article p')].find((e) => e.textContent.includes('humanitarian'));
    const range = document.createRange();
    range.selectNodeContents(p);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  const app = await browser.clickToolbar(page);
  const quotes = await analysed(app);
  assert.deepEqual(quotes, [{ text: 'It is a humanitarian matter,', speaker: 'Daniel Okafor' }]);
  assert.equal(await app.inputValue('textarea'), '‘It is a humanitarian matter,’ said Daniel Okafor, a United Nations official.');
  assert.match(await app.textContent('.page-source'), /Border crossings stay shut as talks stall/);
  await app.close();
  await page.close();
});

test('the context-menu entry analyses the selection it was chosen on', async () => {
  const page = await openNews('hard-cases.html');
  const app = await browser.contextMenu(page, '“We will not back down," Foreign Office spokesperson Tahir Andrabi told reporters on Friday.');
  const quotes = await analysed(app);
  assert.deepEqual(quotes, [{ text: 'We will not back down,', speaker: 'Tahir Andrabi' }]);
  assert.equal(
    await app.textContent('.page-source'),
    `From Border crossings stay shut as talks stall · ${news.url}hard-cases.html · 2025-11-14`,
  );
  await app.close();
  await page.close();
});

test('a page whose scripts must never run: none runs, in the page or in quotelens', async () => {
  const page = await openNews('script-page.html');
  const app = await browser.clickToolbar(page);
  const quotes = await analysed(app);
  const speakerOf = (t) => quotes.find((q) => q.text === t)?.speaker;
  assert.equal(speakerOf('This budget protects the libraries,'), 'Lena Ortiz');
  assert.ok(quotes.some((q) => q.text === 'a gamble with our savings'), JSON.stringify(quotes));
  assert.equal(await app.evaluate(() => window.pwned), undefined);
  assert.notEqual(await app.title(), 'PWNED');
  const text = await app.inputValue('textarea');
  assert.ok(!text.includes('fetch') && !text.includes('pwned'), text);
  assert.equal(await app.textContent('.page-source'), `From Council approves budget — Example Gazette · ${news.url}script-page.html · 2025-10-02`);
  assert.deepEqual(news.requests.filter((r) => r.includes('/ran')), [], 'no script, handler or image of the page ran');
  await app.close();
  await page.close();
});

test('hostile pages (huge DOM, 12 MB of text, article in frames, busy scripts) get a message, not a hang', async () => {
  const huge = await openNews('huge.html');
  let app = await browser.clickToolbar(huge);
  assert.match(await notice(app), /300,00\d elements, more than quotelens reads/);
  await app.close();
  await huge.close();

  const long = await openNews('long.html');
  app = await browser.clickToolbar(long);
  assert.match(await notice(app), /too large to hand over/);
  await app.close();
  await long.close();

  const framed = await openNews('frames.html');
  app = await browser.clickToolbar(framed);
  assert.match(await notice(app), /seems to be in a frame/);
  await app.close();
  await framed.close();

  const busy = await openNews('busy.html');
  // The page's own script keeps it busy for 20 seconds.
  await busy.evaluate(() => setTimeout(() => { const t = Date.now(); while (Date.now() - t < 20000); }, 0));
  const started = Date.now();
  app = await browser.clickToolbar(busy);
  assert.match(await notice(app), /did not answer within 8 seconds/);
  assert.ok(Date.now() - started < 15000, 'the message came when the time limit ran out');
  await app.close();
});
