// Accessibility: axe-core's WCAG 2 A and AA rules on the built app with an article loaded
// (quotations, entities, the panels and the sourcing audit all showing), in the light and the
// dark colour scheme. The page's Content-Security-Policy is bypassed for this test only, so
// that axe's script can be injected; the app itself never loads a script from elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const app = useApp();

const ARTICLE = `Border talks stall as crossings stay shut

ISLAMABAD — Foreign Office spokesperson Tahir Andrabi said on Friday that talks with Kabul would continue. “We will not back down,” Andrabi told reporters. “Pakistan wants peace.”

Senator Maria Lopez claimed that the border closures had cost traders $45 million. Mrs. Lopez later conceded that the figure was an estimate.

“The talks are over,” said a senior official, who spoke on condition of anonymity because he was not authorized to discuss the negotiations. Another official said the crossings would reopen on Monday.`;

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2 A/AA violation with an article loaded (${scheme})`, async () => {
    const context = await app.browser.newContext({ bypassCSP: true, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForSelector('textarea');
    await page.fill('textarea', ARTICLE);
    await page.waitForSelector('.article mark[data-quote-id]');
    await page.waitForSelector('.audit-panel');
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + n.failureSummary),
      }));
    });
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await context.close();
  });
}
