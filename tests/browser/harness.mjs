// Shared set-up for the browser test files: one static server for dist/ (under /quotelens/, as
// GitHub Pages serves it) and one headless Chromium per file, started before and stopped after.
import { before, after } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The release build the tests run against. */
export const DIST = path.resolve(here, '../../dist');

/** Registers the hooks; the returned object's `server` and `browser` are set once started. */
export function useApp() {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await serve(DIST);
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
