#!/usr/bin/env node
// Packs the built web app (dist/, built with --public-url /quotelens/) into the browser
// extension, one folder and one zip per browser (run through scripts/build-extension.sh):
//
//   node scripts/build-extension.mjs [DIST=dist] [OUT=target/extension]
//   -> OUT/chromium/, OUT/firefox/ (load these unpacked), OUT/quotelens-VERSION-{chromium,firefox}.zip
//
// The app goes into quotelens/ unchanged except index.html: Trunk's inline loader moves into
// boot.js (extension pages allow no inline script, not even by hash), the page's CSP becomes
// the extension's (no hashes), and inbox.js, which hands the page over to the app, loads first.
// The offline service worker and web manifest are left out: the extension has every file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { icon } from './extension-icon.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const out = path.resolve(process.argv[3] || path.join(root, 'target/extension'));
const src = path.join(root, 'extension');

const cargo = await fs.readFile(path.join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^version\s*=\s*"([^"]+)"/m)[1];
const base = JSON.parse(await fs.readFile(path.join(src, 'manifest.json'), 'utf8'));
const csp = base.content_security_policy.extension_pages;

let index;
try {
  index = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
} catch {
  throw new Error(`no ${dist}/index.html: build the app first (scripts/build-extension.sh does)`);
}
if (!index.includes("'/quotelens/quotelens.js'")) {
  throw new Error(`${dist} was not built with --public-url /quotelens/`);
}
const inline = [...index.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)];
if (inline.length !== 1) throw new Error(`expected one inline loader in index.html, found ${inline.length}`);
const boot = inline[0][1].trim() + '\n';
let page = index
  .replace(inline[0][0], '<script src="/quotelens/inbox.js"></script>\n<script type="module" src="/quotelens/boot.js"></script>')
  .replace(/(<meta http-equiv="Content-Security-Policy" content=")[^"]*"/, `$1${csp}"`)
  .replace(/\s*<link rel="manifest"[^>]*>/, '')
  .replace(/\s*<!--[\s\S]*?-->/g, '');
if (!page.includes(csp) || page.includes('sha256-')) throw new Error('could not rewrite the CSP of index.html');

const browsers = {
  chromium: { background: { service_worker: 'background.js' }, minimum_chrome_version: '121' },
  firefox: {
    background: { scripts: ['background.js'] },
    browser_specific_settings: {
      gecko: {
        id: 'quotelens@quotelens.invalid',
        strict_min_version: '128.0',
        // Firefox's data-consent declaration: the extension collects and transmits nothing.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
};

await fs.mkdir(out, { recursive: true });
for (const [browser, extra] of Object.entries(browsers)) {
  const dir = path.join(out, browser);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(path.join(dir, 'quotelens'), { recursive: true });
  for (const f of await fs.readdir(dist)) {
    if (['service-worker.js', 'manifest.webmanifest', 'index.html'].includes(f)) continue;
    await fs.cp(path.join(dist, f), path.join(dir, 'quotelens', f), { recursive: true });
  }
  await fs.writeFile(path.join(dir, 'quotelens/index.html'), page);
  await fs.writeFile(path.join(dir, 'quotelens/boot.js'), boot);
  await fs.copyFile(path.join(src, 'inbox.js'), path.join(dir, 'quotelens/inbox.js'));
  for (const f of ['background.js', 'collect.js']) await fs.copyFile(path.join(src, f), path.join(dir, f));
  const icons = {};
  for (const size of [16, 32, 48, 128]) {
    await fs.writeFile(path.join(dir, `icon-${size}.png`), icon(size));
    icons[size] = `icon-${size}.png`;
  }
  const manifest = { ...base, version, icons, ...extra, action: { ...base.action, default_icon: icons } };
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const zip = path.join(out, `quotelens-${version}-${browser}.zip`);
  await fs.rm(zip, { force: true });
  // -X: no extra file attributes; entries sorted, so the same files give the same listing.
  const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
  execFileSync('zip', ['-q', '-X', '-9', zip, ...files], { cwd: dir });
  const { size } = await fs.stat(zip);
  console.log(`build-extension: ${path.relative(root, dir)}/ and ${path.relative(root, zip)} (${size.toLocaleString('en')} bytes)`);
}
