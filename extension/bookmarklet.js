// The bookmarklet, run on a news page (src/app/bookmarklet.rs fills in the app's address and
// collect.js). It opens a quotelens tab, waits for that tab to say it is ready, and hands it
// the page with postMessage to the app's origin only; messages from any other window or origin
// are ignored. Where the page cannot open or reach the tab, it says so in the page.
void ((page) => {
  const app = __APP__;
  const origin = new URL(app).origin;
  const say = (why) => {
    const box = document.createElement('div');
    box.id = 'quotelens-message';
    box.setAttribute('role', 'alert');
    box.textContent = `quotelens: ${why}: this site’s security policy (Content-Security-Policy or Cross-Origin-Opener-Policy, or a pop-up blocker) keeps the bookmarklet from handing the article over. The quotelens browser extension works on such sites.`;
    box.style.cssText = 'position:fixed;z-index:2147483647;top:12px;right:12px;max-width:30em;padding:12px 16px;background:#1d4e89;color:#fff;font:15px/1.4 sans-serif';
    box.onclick = () => box.remove();
    (document.body || document.documentElement).append(box);
  };
  let tab = null;
  try {
    tab = open(app);
  } catch (e) {}
  if (!tab) return say('no quotelens tab could be opened');
  const timer = setTimeout(() => {
    removeEventListener('message', hear);
    say('the quotelens tab did not answer');
  }, 20000);
  function hear(e) {
    if (e.source !== tab || e.origin !== origin || e.data !== '{"quotelens":"ready"}') return;
    clearTimeout(timer);
    removeEventListener('message', hear);
    tab.postMessage(JSON.stringify(page), origin);
  }
  addEventListener('message', hear);
})(__COLLECT__);
