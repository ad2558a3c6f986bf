// A local "news site" for the extension and bookmarklet tests, on 127.0.0.1 only: the pages in
// pages/ plus hostile ones made on the fly (a huge DOM, a page busy in its own scripts, an
// article inside a frame), some with the HTTP headers a strict site sends. Every request is
// recorded, so tests can assert that reading a page fetches nothing.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Response headers per page: strict policies the extension must still work under. */
const HEADERS = {
  // Nothing of the page's own may run or load: its scripts, handlers and images are inert.
  'script-page.html': { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
  // A sandbox without pop-ups: the bookmarklet cannot open its tab.
  'sandboxed.html': { 'content-security-policy': 'sandbox allow-scripts' },
  // Inline script forbidden: the browser refuses to run a bookmarklet (javascript: URL) here.
  'strict-csp.html': { 'content-security-policy': "script-src 'self'" },
  // Pop-ups of other origins are cut off from the page: the quotelens tab cannot answer.
  'isolated.html': { 'cross-origin-opener-policy': 'same-origin' },
};

const GENERATED = {
  'huge.html': () =>
    `<!DOCTYPE html><title>Huge</title><article><h1>Huge page</h1><p>“Too big,” she said.</p>${'<span>x</span>'.repeat(300_000)}</article>`,
  // 12 MB of article text in few elements: more than the browser's session storage takes.
  'long.html': () =>
    `<!DOCTYPE html><title>Long</title><article><h1>Long page</h1>${'<p>“Again,” she said. '.concat('word '.repeat(20_000), '</p>').repeat(120)}</article>`,
  // Busy in its own scripts for 30 s from its first click on, so it cannot answer.
  'busy.html': () =>
    `<!DOCTYPE html><title>Busy</title><article><h1>Busy page</h1><p>“Wait,” he said.</p></article>`,
  'frames.html': () =>
    `<!DOCTYPE html><title>Framed</title><nav>Menu</nav>` +
    `<iframe srcdoc="<p>&ldquo;Inside a frame,&rdquo; she said.</p>"></iframe>`.repeat(20),
  'sandboxed.html': () =>
    `<!DOCTYPE html><title>Sandboxed</title><article><h1>Sandboxed</h1><p>“Hello,” he said.</p></article>`,
  'strict-csp.html': () =>
    `<!DOCTYPE html><title>Strict</title><article><h1>Strict</h1><p>“Hello,” he said.</p></article>`,
  'isolated.html': () =>
    `<!DOCTYPE html><title>Isolated</title><article><h1>Isolated</h1><p>“Hello,” he said.</p></article>`,
};

/** Starts the site; resolves to { url, requests, close }. */
export async function serveNews() {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname + url.search);
    const name = url.pathname.replace(/^\/news\//, '');
    let body = GENERATED[name]?.();
    if (body === undefined && /^[\w-]+\.html$/.test(name)) {
      body = await fs.readFile(path.join(here, 'pages', name), 'utf8').catch(() => undefined);
    }
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...HEADERS[name] });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/news/`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
