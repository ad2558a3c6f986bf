// The bookmarklet the hosted app offers (dist/, served under /quotelens/ as GitHub Pages
// would), clicked on local news pages on another origin: the article reaches a quotelens tab by
// postMessage only (never in a URL), messages from anyone but the page that opened the tab are
// ignored, and a site whose security policy stops the bookmarklet leaves the reader a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';
import { serveNews } from './news.mjs';

const app = useApp();
let news;
let context;

before(async () => {
  news = await serveNews();
});
after(async () => {
  await context?.close();
  await news?.close();
});

/** The bookmarklet's javascript: URL, as offered in the app's footer. */
async function bookmarklet() {
  context ??= await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.server.url);
  const href = await page.getAttribute('a.bookmarklet', 'href');
  const offer = await page.textContent('.bookmarklet-offer');
  await page.close();
  return { href, offer };
}

/**
 * Opens a news page and "clicks" the bookmarklet on it (runs its URL in that page). With
 * `impostor`, the page itself keeps posting a fake "ready" to every origin first: the
 * bookmarklet must wait for its own tab's answer from the app's origin, or the article is lost.
 */
async function clickOn(name, href, impostor = false) {
  const page = await context.newPage();
  await page.goto(news.url + name);
  if (impostor) {
    await page.evaluate(() => setInterval(() => postMessage('{"quotelens":"ready"}', '*'), 2));
  }
  await page.evaluate(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
  });
  const opened = context.waitForEvent('page', { timeout: 5000 }).catch(() => null);
  await page.evaluate((url) => { location.href = url; }, href);
  return { page, opened };
}

test('the app offers a bookmarklet link that hands over no data through its URL', async () => {
  const { href, offer } = await bookmarklet();
  assert.match(href, /^javascript:/);
  assert.ok(href.includes(encodeURIComponent(app.server.url).replace(/%2F/g, '/').replace(/%3A/g, ':')) || href.includes(app.server.url), 'points at this app');
  assert.ok(href.length < 10000, `a bookmark of ${href.length} characters`);
  assert.match(offer, /security policy/);
  assert.match(offer, /browser extension/);
});

test('clicked on a news page, the bookmarklet opens quotelens on its article, by postMessage to and from the right window and origin', async () => {
  const { href } = await bookmarklet();
  const served = app.server.requests.length;
  const { page, opened } = await clickOn('hard-cases.html', href, true);
  const tab = await opened;
  await tab.waitForSelector('[data-quote-id]', { timeout: 30000 });
  assert.equal(tab.url(), app.server.url, 'nothing in the address');
  const texts = await tab.$$eval('mark[data-quote-id]', (els) => els.map((e) => e.textContent));
  assert.ok(texts.includes('We will not back down,'), texts.join(' | '));
  assert.ok(texts.includes('پاکستان امن چاہتا ہے'), texts.join(' | '));
  const speakers = await tab.$$eval('mark[data-quote-id]', (els) => els.map((e) => e.dataset.speaker));
  assert.ok(speakers.includes('Tahir Andrabi') && speakers.includes('Daniel Okafor'), speakers.join(' | '));
  assert.equal(
    await tab.textContent('.page-source'),
    `From Border crossings stay shut as talks stall · ${news.url}hard-cases.html · 2025-11-14`,
  );
  const asked = app.server.requests.slice(served);
  assert.ok(asked.every((r) => !r.includes('?') && !/back%20down|Andrabi/i.test(r)), asked.join('\n'));
  // The tab answered, so the page shows no message.
  assert.equal(await page.$('#quotelens-message'), null);
  await tab.close();
  await page.close();
});

test('the app takes articles only from its own window or the page that opened it', async () => {
  // A context of its own: no articles kept from the other tests.
  const own = await app.browser.newContext();
  const tab = await own.newPage();
  await tab.goto(app.server.url);
  await tab.waitForSelector('textarea');
  const article = JSON.stringify({ quotelens: 'article', html: '<p>“Injected,” he said.</p>', url: 'https://evil.example/' });
  await tab.evaluate((data) => {
    // From another origin, and from this origin but another window: both ignored.
    dispatchEvent(new MessageEvent('message', { data, origin: 'https://evil.example', source: window }));
    const frame = document.createElement('iframe');
    document.body.append(frame);
    dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: frame.contentWindow }));
  }, article);
  await tab.waitForTimeout(500);
  assert.equal(await tab.$('[data-quote-id]'), null);
  assert.equal(await tab.inputValue('textarea'), '');
  // The same message from this window and origin (what the extension's page script sends) is taken.
  await tab.evaluate((data) => postMessage(data, location.origin), article);
  await tab.waitForSelector('[data-quote-id]', { timeout: 30000 });
  await own.close();
});

test('where the site’s security policy stops the bookmarklet, the reader is told', async () => {
  const { href } = await bookmarklet();
  // CSP sandbox without pop-ups: the bookmarklet runs but cannot open its tab, and says so.
  const { page: sandboxed, opened } = await clickOn('sandboxed.html', href);
  const message = await sandboxed.waitForSelector('#quotelens-message', { timeout: 10000 });
  assert.match(await message.textContent(), /security policy \(Content-Security-Policy.*browser extension/);
  assert.equal(await opened, null, 'no quotelens tab opened');
  await sandboxed.close();
  // CSP without inline scripts: Chromium refuses to run the bookmarklet at all (the app's
  // offer says so and names the extension; the previous test checks that text).
  const { page: strict, opened: none } = await clickOn('strict-csp.html', href);
  assert.equal(await none, null, 'no quotelens tab opened');
  assert.deepEqual(await strict.evaluate(() => window.violations), ['script-src-elem']);
  await strict.close();
});

test('where the site cuts its pop-ups off (Cross-Origin-Opener-Policy), the reader is told', async () => {
  const { href } = await bookmarklet();
  const { page } = await clickOn('isolated.html', href);
  const message = await page.waitForSelector('#quotelens-message', { timeout: 30000 });
  assert.match(await message.textContent(), /(did not answer|could be opened).*Cross-Origin-Opener-Policy.*browser extension/);
  await page.close();
});
