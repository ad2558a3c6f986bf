// Takes the README screenshots of the built app (dist/) with the demo article, light and dark.
// Usage: node tests/browser/screenshots.mjs   (after `trunk build --release --public-url /quotelens/`)
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const server = await serve(path.join(root, 'dist'));
const browser = await launch();
try {
  for (const [scheme, file] of [['light', 'screenshot.png'], ['dark', 'screenshot-dark.png']]) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    await page.goto(server.url);
    await page.waitForSelector('textarea');
    await page.click('.demo-button');
    await page.waitForSelector('.article mark[data-quote-id]');
    await page.waitForSelector('.voice-chart');
    await page.screenshot({ path: path.join(root, 'docs', file) });
    console.log(`docs/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
