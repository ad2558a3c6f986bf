// Headless Chromium with the built quotelens extension loaded (a persistent context with
// --load-extension, in the new headless mode, which runs extensions), and a way to press its
// toolbar button on a tab (DevTools' Extensions.triggerAction, as a click would).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The unpacked Chromium extension, built by scripts/build-extension.sh. */
export const BUILT = path.resolve(here, '../../target/extension/chromium');

/**
 * Launches Chromium with a copy of the built extension. Headless Chromium has no toolbar to
 * click, and pressing the button through DevTools is not a user gesture, so it grants no
 * activeTab permission; the copy therefore asks for the local test site (127.0.0.1) as a host.
 * The shipped manifest asks for no host at all (the test 'the shipped manifest…' checks it).
 */
export async function launchWithExtension() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quotelens-ext-'));
  const ext = path.join(dir, 'extension');
  await fs.cp(BUILT, ext, { recursive: true });
  const manifest = JSON.parse(await fs.readFile(path.join(ext, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  await fs.writeFile(path.join(ext, 'manifest.json'), JSON.stringify(manifest));
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: false,
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${ext}`, `--load-extension=${ext}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const id = new URL(worker.url()).host;
  const cdp = await context.browser().newBrowserCDPSession();
  return {
    context,
    worker,
    id,
    /** Presses the toolbar button on `page`'s tab; resolves to the quotelens tab it opens. */
    async clickToolbar(page) {
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tab = targetInfos.find((t) => t.url === page.url());
      if (!tab) throw new Error(`no tab target for ${page.url()}`);
      const opened = context.waitForEvent('page', {
        predicate: (p) => p.url().startsWith(`chrome-extension://${id}/`),
        timeout: 20000,
      });
      await cdp.send('Extensions.triggerAction', { id, targetId: tab.targetId });
      return opened;
    },
    /** What the context-menu entry does for `page` with `selectionText` selected. */
    async contextMenu(page, selectionText) {
      const opened = context.waitForEvent('page', {
        predicate: (p) => p.url().startsWith(`chrome-extension://${id}/`),
        timeout: 20000,
      });
      await worker.evaluate(async ([url, text]) => {
        const [tab] = await chrome.tabs.query({ url });
        await globalThis.quotelens.analyse(tab, text, 0);
      }, [page.url(), selectionText]);
      return opened;
    },
    async close() {
      await context.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
