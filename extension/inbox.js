// Runs in the extension's quotelens tab, before the app: takes the page the background script
// kept for this tab out of session storage and posts it to the app once the app says it is
// ready (src/app/inbox.rs), within this window and origin only.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  let page = null;
  let ready = false;
  const deliver = () => {
    if (page && ready) {
      window.postMessage(JSON.stringify(page), location.origin);
      page = null;
    }
  };
  addEventListener('message', (e) => {
    if (e.source !== window || e.origin !== location.origin || e.data !== '{"quotelens":"ready"}') return;
    ready = true;
    deliver();
  });
  api.tabs.getCurrent().then(async (tab) => {
    if (!tab) return;
    const key = `page:${tab.id}`;
    let taken = false;
    const take = async () => {
      const stored = (await api.storage.session.get(key))[key];
      if (!stored || taken) return taken;
      taken = true;
      await api.storage.session.remove(key);
      page = stored;
      deliver();
      return true;
    };
    // The background script may still be writing it: listen first, then look.
    const changed = async (changes, area) => {
      if (area === 'session' && changes[key]?.newValue && (await take())) {
        api.storage.onChanged.removeListener(changed);
      }
    };
    api.storage.onChanged.addListener(changed);
    if (await take()) api.storage.onChanged.removeListener(changed);
  });
})();
