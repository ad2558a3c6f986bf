// The extension's background script (a service worker in Chromium, an event page in Firefox).
// The toolbar button and the context-menu entry read the current tab with collect.js (only
// then, and only that tab: the activeTab permission), keep what it returns in session storage
// for the quotelens tab they open next to it, and never send anything anywhere.
const api = globalThis.browser ?? globalThis.chrome;

/** The quotelens app inside the extension. */
const APP = 'quotelens/index.html';
/** How long a page may take to answer before the reader is told why nothing came. */
const PAGE_TIMEOUT_MS = 8000;

api.runtime.onInstalled.addListener(() => {
  api.contextMenus.create({
    id: 'quotelens',
    title: 'Analyse with quotelens',
    contexts: ['page', 'selection'],
  });
});

api.action.onClicked.addListener((tab) => analyse(tab));
api.contextMenus.onClicked.addListener((info, tab) => analyse(tab, info.selectionText, info.frameId));

/** Runs collect.js in the tab (or the frame holding the selection), with a time limit. */
async function collect(tab, frameId) {
  const target = { tabId: tab.id };
  if (frameId) target.frameIds = [frameId];
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve({
      quotelens: 'article',
      url: tab.url,
      error: `the page did not answer within ${PAGE_TIMEOUT_MS / 1000} seconds (it may be busy running its own scripts); try again once it has loaded, or select the article and analyse the selection`,
    }), PAGE_TIMEOUT_MS);
  });
  const read = api.scripting.executeScript({ target, files: ['collect.js'] })
    .then((results) => results?.[0]?.result ?? { quotelens: 'article', url: tab.url, error: 'the page gave nothing back' })
    .catch((e) => ({ quotelens: 'article', url: tab.url, error: `the browser does not let extensions read this page (${e.message || e})` }));
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the tab and opens quotelens on it; what the reader selected wins over the article. */
async function analyse(tab, selectionText, frameId) {
  let page = await collect(tab, frameId);
  if (selectionText && !page.selection) {
    // The browser's own copy of the selection: enough when the page itself cannot answer.
    page = page.error
      ? { quotelens: 'article', selection: selectionText, url: tab.url, title: tab.title }
      : { ...page, selection: selectionText };
  }
  const opened = await api.tabs.create({ url: api.runtime.getURL(APP), index: tab.index + 1, openerTabId: tab.id });
  const key = `page:${opened.id}`;
  try {
    await api.storage.session.set({ [key]: page });
  } catch (e) {
    await api.storage.session.set({ [key]: { quotelens: 'article', url: page.url, error: `the page is too large to hand over (${e.message || e}); select the article and analyse the selection` } });
  }
}

// For the tests, which cannot click the browser's own toolbar or menus.
globalThis.quotelens = { analyse };
