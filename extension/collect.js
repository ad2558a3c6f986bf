// Reads the page the reader is on, only when they click: the browser extension injects this
// file into the tab, the bookmarklet carries it inline. The last expression is the result:
// {quotelens: "article", html, selection, url, title, date} or {quotelens: "article", url, error}.
// The app turns the HTML into article text (src/html.rs) without ever inserting it anywhere.
(() => {
  const maxElements = 250000;
  const maxChars = 32 * 1024 * 1024;
  const url = location.href;
  const refuse = (error) => ({ quotelens: 'article', url, error });
  try {
    const count = document.getElementsByTagName('*').length;
    if (count > maxElements) {
      return refuse(`the page has ${count.toLocaleString('en')} elements, more than quotelens reads (${maxElements.toLocaleString('en')}); select the article and analyse the selection`);
    }
    const selection = String(getSelection() || '').trim();
    if (!selection && frames.length > 0 && (document.body?.innerText || '').trim().length < 200) {
      return refuse('the article seems to be in a frame; select its text and analyse the selection');
    }
    // What the page says about itself: its headline and its own publication date (ISO).
    const meta = (k) => document.querySelector(`meta[property="${k}" i],meta[name="${k}" i],meta[itemprop="${k}" i]`)?.content;
    const ld = [...document.querySelectorAll('script[type="application/ld+json"]')]
      .map((s) => /"datePublished"\s*:\s*"([^"]+)"/.exec(s.textContent)?.[1]).find(Boolean);
    const time = document.querySelector('article time[datetime]') || document.querySelector('time[datetime]');
    const dated = ['article:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'dcterms.date']
      .map(meta).concat(ld, time?.getAttribute('datetime'))
      .map((d) => /^\s*(\d{4}-[01]\d-[0-3]\d)/.exec(d || '')?.[1]).find(Boolean);
    const title = (meta('og:title') || document.title).trim();
    // Scripts and styles are dropped here only to keep the hand-over small; the app drops them
    // anyway and never runs anything.
    const html = document.documentElement.outerHTML
      .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
      .replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '');
    if (html.length > maxChars && selection.length === 0) {
      return refuse('the page is larger than 32 MiB; select the article and analyse the selection');
    }
    return { quotelens: 'article', html: html.length > maxChars ? '' : html, selection, url, title, date: dated };
  } catch (e) {
    return refuse(`the page could not be read (${e})`);
  }
})();
