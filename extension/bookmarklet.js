// The bookmarklet, run on a news page (src/app/bookmarklet.rs fills in the app's address and
// collect.js). It opens a quotelens tab, waits for that tab to say it is ready, and hands it
// the page with postMessage to the app's origin only; messages from any other window or origin
// are ignored. Where the page cannot open or reach the tab, it says so in the page.
void ((page) => {
  const app = __APP__;
  const origin = new URL(app).origin;
  const say = (text) => {
    const box = document.createElement('div');
    box.id = 'quotelens-message';
    box.setAttribute('role', 'alert');
    box.textContent = `quotelens: ${text}`;
    Object.assign(box.style, {
      position: 'fixed', zIndex: '2147483647', top: '12px', right: '12px', maxWidth: '30em',
      padding: '12px 16px', background: '#1d4e89', color: '#fff', font: '15px/1.4 sans-serif',
      borderRadius: '6px', cursor: 'pointer',
    });
    box.onclick = () => box.remove();
    (document.body || document.documentElement).append(box);
  };
  const policy = 'this site’s security policy (Content-Security-Policy or Cross-Origin-Opener-Policy) keeps the bookmarklet from handing the article to quotelens. The quotelens browser extension works on such sites.';
  let tab = null;
  try {
    tab = open(app, '_blank');
  } catch (e) {}
  if (!tab) {
    say(`no quotelens tab could be opened: ${policy} (If pop-ups are blocked here, allow them and click again.)`);
    return;
  }
  let sent = false;
  const timer = setTimeout(() => {
    removeEventListener('message', hear);
    say(sent ? `the quotelens tab did not confirm the article: ${policy}` : `the quotelens tab did not answer: ${policy}`);
  }, 20000);
  function hear(e) {
    if (e.source !== tab || e.origin !== origin || typeof e.data !== 'string') return;
    let m;
    try {
      m = JSON.parse(e.data);
    } catch (_) {
      return;
    }
    if (m.quotelens === 'ready' && !sent) {
      sent = true;
      tab.postMessage(JSON.stringify(page), origin);
    } else if (m.quotelens === 'received') {
      clearTimeout(timer);
      removeEventListener('message', hear);
    }
  }
  addEventListener('message', hear);
})(__COLLECT__);
