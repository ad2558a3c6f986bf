// The analysis panels in headless Chromium: quotations grouped by speaker, entity marks and
// their legend, entity cards, share of voice, and the comparison of several articles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './harness.mjs';

const app = useApp();

const ARTICLE = `Foreign Office spokesperson Tahir Andrabi said on Friday that talks would continue.

“We will not back down,” Andrabi told reporters in Islamabad. “Pakistan wants peace.”

He added that the Tehreek-e-Taliban Pakistan (TTP) had to be stopped. “The TTP is the problem,” he said.

A senior official said the border would stay closed.`;

async function open(text) {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.server.url);
  await page.waitForSelector('textarea');
  await page.fill('textarea', text);
  await page.waitForSelector('.article mark[data-quote-id]');
  return { context, page };
}

test('quotations are grouped by speaker, pronouns resolved, anonymous sources marked', async () => {
  const { context, page } = await open(ARTICLE);
  const groups = await page.$$eval('[data-speaker-group]', (els) =>
    els.map((e) => ({ name: e.dataset.speakerGroup, items: e.querySelectorAll('.quote-item').length, anon: !!e.querySelector('.badge.anonymous') })));
  const andrabi = groups.find((g) => g.name === 'Tahir Andrabi');
  assert.ok(andrabi, JSON.stringify(groups));
  assert.ok(andrabi.items >= 3, 'his direct quotes, including the one after "he said"');
  assert.ok(groups.some((g) => g.anon), 'the senior official is an anonymous source');
  // The highlighted quotation after "he said" carries his resolved name.
  const speaker = await page.getAttribute('.article mark[data-quote-id]:has-text("The TTP is the problem")', 'data-speaker');
  assert.equal(speaker, 'Tahir Andrabi');
  // Clicking the speaker focuses his quotations and dims the others.
  await page.click('[data-speaker-group="Tahir Andrabi"] .speaker-name');
  assert.ok(await page.locator('.article mark.quote.focused').count() >= 3);
  await context.close();
});

test('entity mentions are marked by type, the legend toggles them, a card focuses one entity', async () => {
  const { context, page } = await open(ARTICLE);
  await page.waitForSelector('.article [data-entity-id]');
  const types = await page.$$eval('.article [data-entity-id]', (els) => [...new Set(els.map((e) => e.dataset.entityType))]);
  assert.ok(types.includes('PERSON'), types.join());
  const legend = page.locator('[data-legend-type="PERSON"]');
  await legend.click();
  assert.equal(await legend.getAttribute('aria-pressed'), 'false');
  assert.ok(await page.locator('.article .ent-PERSON.off').count() > 0, 'people marks switched off');
  await legend.click();
  assert.equal(await page.locator('.article .ent-PERSON.off').count(), 0);
  // One card for Andrabi (aliases merged), and clicking it focuses all his mentions.
  const card = page.locator('.entity-card', { hasText: 'Tahir Andrabi' });
  assert.equal(await card.count(), 1);
  const id = await card.getAttribute('data-card-entity-id');
  await card.locator('.card-button').click();
  const focused = await page.$$eval('.article .ent.focused', (els) => els.map((e) => e.dataset.entityId));
  assert.ok(focused.length >= 2 && focused.every((f) => f === id), JSON.stringify(focused));
  await context.close();
});

test('reported speech is listed without quotation marks, with its quoted words as one entry', async () => {
  const { context, page } = await open(
    'A statement from Kabul said the government remained “committed to dialogue”.\n\nThe minister said the border would reopen on Monday.');
  const items = await page.$$eval('.quote-item', (els) =>
    els.map((e) => ({ kind: e.querySelector('.badge').textContent, text: e.querySelector('.quote-text').textContent })));
  assert.ok(items.some((i) => i.kind === 'partial' && i.text === 'the government remained “committed to dialogue”'), JSON.stringify(items));
  assert.ok(items.some((i) => i.kind === 'indirect' && i.text === 'the border would reopen on Monday'), JSON.stringify(items));
  await context.close();
});

test('share of voice charts words per speaker', async () => {
  const { context, page } = await open(ARTICLE);
  await page.waitForSelector('.voice-chart');
  const rows = await page.$$eval('.voice-row', (els) => els.map((e) => e.dataset.voice));
  assert.equal(rows[0], 'Tahir Andrabi', rows.join());
  assert.match(await page.textContent('.voice-summary'), /Named sources \d+% · anonymous \d+%/);
  await context.close();
});

test('several articles are compared: speakers per article, shared quotations, unique entities', async () => {
  const { context, page } = await open(ARTICLE);
  const other = `Officials in Kabul rejected the claims.\n\n“We will not back down,” Andrabi told reporters, according to Dawn.\n\nZabihullah Karimi said Afghanistan wanted trade.`;
  await page.setInputFiles('input[type=file]', { name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from(other) });
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 2);
  await page.waitForSelector('.article mark[data-quote-id]');
  await page.click('.compare-button');
  await page.waitForSelector('.compare-view h2');
  assert.match(await page.textContent('.compare-view h2'), /Comparing 2 articles/);
  assert.equal(await page.locator('[data-compare-article]').count(), 2);
  const shared = await page.$$eval('.shared-quote q', (els) => els.map((e) => e.textContent));
  assert.ok(shared.some((t) => /We will not back down/.test(t)), shared.join(' | '));
  assert.ok(await page.locator('.unique-entities li').count() > 0);
  await context.close();
});

test('pasted articles separated by --- lines can be opened as separate articles', async () => {
  const { context, page } = await open('“First,” she said.\n---\n“Second,” he said.');
  await page.click('.split-notice .split');
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 2);
  await page.waitForSelector('.compare-view');
  await context.close();
});

test('reported speech the model is unsure of is faint, left out of the lists, and one switch shows it', async () => {
  const text = `Border guards stepped up patrols along the river after the storm.

The mayor said the building would open in the spring.`;
  const { context, page } = await open(text);
  await page.waitForSelector('.unsure-switch input');
  // In the reading view it is still marked, faintly, with the reason in its tooltip.
  const unsure = page.locator('.article mark.quote.unsure');
  assert.ok(await unsure.count() >= 1);
  assert.match(await unsure.first().getAttribute('title'), /unsure this reports speech/);
  const listed = () => page.$$eval('.quotes-panel .quote-item', (els) => els.map((e) => e.textContent).join(' | '));
  assert.doesNotMatch(await listed(), /patrols along the river/);
  assert.match(await listed(), /open in the spring/);
  await page.check('.unsure-switch input');
  await page.waitForFunction(() => /patrols along the river/.test(document.querySelector('.quotes-panel').textContent));
  await page.uncheck('.unsure-switch input');
  await page.waitForFunction(() => !/patrols along the river/.test(document.querySelector('.quotes-panel').textContent));
  await context.close();
});

test('the sourcing audit: loaded cues outlined with their class, unnamed sources and their reasons, rows that jump to the quotation', async () => {
  const { context, page } = await open(
    'Senator Maria Lopez claimed that the budget was balanced. Mrs. Lopez later conceded that the deficit had grown.\n\n' +
    '“The talks are over,” said a senior official, who spoke on condition of anonymity because he was not authorized to discuss the negotiations.\n\n' +
    'Another official said the border would stay closed.');
  await page.waitForSelector('.audit-panel');
  // In the text: the loaded verbs are outlined, the tooltip names the class and the reason.
  const cues = await page.$$eval('.article .loaded-cue', (els) => els.map((e) => ({ text: e.textContent, cls: e.dataset.loaded, title: e.title })));
  const claimed = cues.find((c) => c.text === 'claimed');
  assert.ok(claimed, JSON.stringify(cues));
  assert.equal(claimed.cls, 'doubt');
  assert.match(claimed.title, /doubt\. .*dispute/);
  assert.ok(cues.some((c) => c.text === 'conceded' && c.cls === 'admission'), JSON.stringify(cues));
  // The quotation's own label says so, for screen readers.
  const label = await page.getAttribute('.article mark[data-quote-id]:has-text("the budget was balanced")', 'aria-label');
  assert.match(label, /a loaded verb \(doubt\)/);
  // In the panel: the voices bar, the stated gender, the flags and the unnamed sources.
  const panel = page.locator('.audit-panel');
  assert.match(await panel.locator('.audit-bar svg').first().getAttribute('aria-label'), /person \d+ %.*anonymous \d+ %/);
  assert.match(await panel.textContent(), /female 100 %/);
  const reasons = await panel.locator('.audit-list .reason').allTextContents();
  assert.deepEqual(reasons, ['because he was not authorized to discuss the negotiations']);
  assert.match(await panel.locator('.audit-warning').textContent(), /1 anonymous source without a stated reason/);
  // A row jumps to its quotation.
  await panel.locator('.audit-link', { hasText: 'conceded' }).click();
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'the deficit had grown');
  await context.close();
});

test('with several articles open, the sourcing audit adds them up', async () => {
  const { context, page } = await open(
    'The senator claimed that the budget was balanced.\n---\nCritics insisted that the count was wrong.');
  await page.click('.split-notice .split');
  await page.waitForFunction(() => document.querySelectorAll('.tab-name').length === 2);
  const totals = page.locator('.audit-panel h3', { hasText: 'All 2 open articles' });
  await totals.waitFor();
  // Both articles' loaded verbs are counted: doubt twice.
  assert.match(await page.textContent('.audit-panel'), /Loaded verbs: doubt 2, admission 0, endorsement 0, emotion 0\./);
  await context.close();
});
