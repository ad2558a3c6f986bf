// Browser tests of the release build (dist/, built by scripts/test.sh) in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';


const ARTICLE = [
  'Islamabad, November 8',
  '',
  '“We will not back down,\" Foreign Office spokesperson Tahir Andrabi told reporters.',
  '',
  'He called the border closure “a provocation” and said talks would resume.',
  '',
  'ترجمان نے کہا ”پاکستان امن چاہتا ہے“ 🇵🇰',
].join('\n');

const app = useApp();

async function openApp() {
  const page = await app.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.server.url);
  await page.waitForSelector('textarea', { timeout: 15000 });
  return { page, errors };
}

/** Text of each highlighted quotation piece, with its data attributes. */
async function highlights(page) {
  return page.$$eval('[data-quote-id]', (els) =>
    els.map((e) => ({
      id: e.dataset.quoteId,
      speaker: e.dataset.speaker,
      hasSpeakerAttr: e.hasAttribute('data-speaker'),
      text: e.textContent,
      u16: [Number(e.dataset.utf16Start), Number(e.dataset.utf16End)],
    })),
  );
}

test('pasting an article highlights its quotations with data attributes', async () => {
  const { page, errors } = await openApp();
  await page.fill('textarea', ARTICLE);
  await page.waitForSelector('[data-quote-id]', { timeout: 10000 });
  const marks = await highlights(page);
  const texts = marks.map((m) => m.text);
  assert.ok(texts.includes('We will not back down,'), `mixed-mark quote missing: ${texts}`);
  assert.ok(texts.includes('a provocation'), `partial quote missing: ${texts}`);
  assert.ok(texts.includes('پاکستان امن چاہتا ہے'), `Urdu quote missing: ${texts}`);
  for (const m of marks) {
    assert.ok(m.hasSpeakerAttr, 'every quotation carries data-speaker');
    assert.match(m.id, /^\d+$/);
    // UTF-16 offsets on the element point at the same text in the input string.
    assert.equal(ARTICLE.slice(m.u16[0], m.u16[1]), m.text);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a .txt file through the file input is analysed and highlighted', async () => {
  const { page, errors } = await openApp();
  await page.setInputFiles('input[type=file]', {
    name: 'statement.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('The army said: “Operations will continue until the area is secure.”\n'),
  });
  await page.waitForSelector('[data-quote-id]', { timeout: 10000 });
  const marks = await highlights(page);
  assert.deepEqual(marks.map((m) => m.text), ['Operations will continue until the area is secure.']);
  assert.match(await page.inputValue('textarea'), /Operations will continue/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file dropped anywhere on the page is analysed', async () => {
  const { page } = await openApp();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['“Dropped quote here,” she said.'], 'drop.txt', { type: 'text/plain' }));
    const target = document.querySelector('.masthead');
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await page.waitForSelector('[data-quote-id]', { timeout: 10000 });
  assert.deepEqual((await highlights(page)).map((m) => m.text), ['Dropped quote here,']);
  await page.close();
});

test('a binary file gets a clear message and the text already there is kept', async () => {
  const { page } = await openApp();
  await page.fill('textarea', 'My pasted draft, “keep me”.');
  await page.setInputFiles('input[type=file]', {
    name: 'photo.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]),
  });
  await page.waitForSelector('.notice.error', { timeout: 10000 });
  const notice = await page.textContent('.notice.error');
  assert.match(notice, /photo\.txt/);
  assert.match(notice, /binary/);
  assert.equal(await page.inputValue('textarea'), 'My pasted draft, “keep me”.');
  await page.close();
});

// No-network-after-load is tested in workflow.test.mjs, counting requests at the server once the
// app, its worker and its service worker are ready.
