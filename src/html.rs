//! Article text out of an HTML page, without ever rendering or executing it.
//!
//! A single forward scan over the markup (linear time, no allocation per tag beyond the
//! output): tags are recognised and dropped, character references are decoded, and text is
//! kept only where an article's words live. Dropped with their content: `script`, `style`,
//! `noscript`, `template`, `svg`, `math`, `iframe`, `object`, `canvas`, `form`, `select`,
//! `button`, and page furniture: `nav`, `header`, `footer`, `aside`, `menu`, `figure`'s
//! `figcaption` is kept. From `<head>` only the `<title>` is used, as the headline when the body
//! has no `<h1>`. Block elements (`p`, `div`, `h1`–`h6`, `li`, `blockquote`, `br`, …) become
//! paragraph breaks. When the page has an `<article>` element, only its content is kept.
//!
//! The output is plain text: whatever the markup contained (event handlers, `javascript:`
//! URLs), nothing of it survives as markup.
//!
//! [`from_page`] turns what the browser extension or the bookmarklet hands over (a page's HTML,
//! or the reader's selection in it) into the article text; [`PageInfo`] is what the page says
//! about itself (title, address, publication date), carried into the analysis.

use crate::contract::Analysis;

/// Elements dropped together with everything inside them.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "form",
    "select", "button", "nav", "header", "footer", "aside", "menu", "head", "dialog",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "br",
    "hr",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "figure",
    "figcaption",
    "pre",
    "dd",
    "dt",
    "dl",
    "address",
    "time",
    "body",
    "html",
    "td",
    "th",
];

/// Nesting deeper than this inside skipped elements is treated as this deep (bounds the
/// counter on hostile input; it never allocates per level).
const MAX_SKIP_DEPTH: usize = 1 << 20;

/// True when `bytes` look like an HTML document rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start();
    // The first 512 bytes, cut back to a character boundary.
    let mut cut = text.len().min(512);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let lower = text[..cut].to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<body")
        || lower.contains("<head")
        || (lower.starts_with('<') && (lower.contains("<p") || lower.contains("<div")))
}

/// Extracts the article text from `html`: headline and paragraphs, separated by blank lines.
pub fn to_text(html: &str) -> String {
    let scope = article_scope(html);
    let mut out = Extractor::default();
    out.run(&html[scope.0..scope.1]);
    let mut body = out.finish();
    if !out.saw_h1 {
        if let Some(title) = title(html) {
            if !title.is_empty() && !body.starts_with(&title) {
                body = if body.is_empty() {
                    title
                } else {
                    format!("{title}\n\n{body}")
                };
            }
        }
    }
    body
}

/// The byte range of the first `<article>` element's content, or the whole document.
fn article_scope(html: &str) -> (usize, usize) {
    let lower = html.to_ascii_lowercase();
    let Some(open) = find_tag(&lower, "article", 0) else {
        return (0, html.len());
    };
    let Some(gt) = lower[open..].find('>') else {
        return (0, html.len());
    };
    let start = open + gt + 1;
    let end = lower[start..]
        .find("</article")
        .map_or(html.len(), |e| start + e);
    (start, end)
}

/// Position of `<name` followed by whitespace, `>` or `/`, from `from`.
fn find_tag(lower: &str, name: &str, mut from: usize) -> Option<usize> {
    let needle = format!("<{name}");
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        let after = lower.as_bytes().get(at + needle.len()).copied();
        if matches!(
            after,
            None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// The document's `<title>`, decoded and trimmed.
fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = find_tag(&lower, "title", 0)?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let mut text = String::new();
    decode_into(&html[start..end], &mut text);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where an article came from, as the page states it (read in the page by
/// `extension/collect.js`): carried into the analysis by [`PageInfo::stamp`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// The page's headline: its `og:title`, else its `<title>`.
    pub title: Option<String>,
    /// The page's address.
    pub url: Option<String>,
    /// The page's own publication date, ISO ("2025-11-14"): from meta tags, JSON-LD
    /// `datePublished` or the article's first `<time datetime>`.
    pub date: Option<String>,
}

impl PageInfo {
    /// Writes the page's title and address into `analysis`, and its date where the text gives
    /// none.
    pub fn stamp(&self, analysis: &mut Analysis) {
        analysis.title.clone_from(&self.title);
        analysis.source_url.clone_from(&self.url);
        if analysis.date.is_none() {
            analysis.date.clone_from(&self.date);
        }
    }
}

/// The article a page handed over: `selection` when it holds text, else the article text of
/// `html`. An error says why there is nothing to analyse.
pub fn from_page(html: &str, selection: &str) -> Result<String, String> {
    let text = if selection.trim().is_empty() {
        to_text(html)
    } else {
        selection.trim().to_string()
    };
    if text.trim().is_empty() {
        return Err("the page has no article text that quotelens can read (if it sits in a frame, select it and use “Analyse with quotelens” from the context menu)".to_string());
    }
    if text.len() > crate::input::MAX_INPUT_BYTES {
        return Err(crate::input::InputError::TooLarge { bytes: text.len() }.to_string());
    }
    Ok(text)
}

#[derive(Default)]
struct Extractor {
    out: String,
    /// Depth inside skipped elements (0 = keeping text).
    skip_depth: usize,
    /// The skipped element that started the skip, to find its end.
    skip_name: String,
    /// Inside `<pre>`: keep line breaks.
    pre: usize,
    saw_h1: bool,
    pending_break: bool,
}

impl Extractor {
    fn run(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while i < bytes.len() {
            if bytes[i] != b'<' {
                i += 1;
                continue;
            }
            // Flush the text before this tag.
            self.text(&html[text_start..i]);
            let rest = &html[i..];
            let consumed = if rest.starts_with("<!--") {
                rest.find("-->").map_or(rest.len(), |e| e + 3)
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                rest.find('>').map_or(rest.len(), |e| e + 1)
            } else if let Some(tag) = parse_tag(rest) {
                self.tag(&tag);
                tag.len
            } else {
                // A lone '<' that starts no tag ("a < b"): it is text.
                self.text("<");
                1
            };
            i += consumed;
            text_start = i;
        }
        self.text(&html[text_start..]);
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if self.skip_depth > 0 {
            if name == self.skip_name {
                if tag.closing {
                    self.skip_depth -= 1;
                } else if !tag.self_closing {
                    self.skip_depth = (self.skip_depth + 1).min(MAX_SKIP_DEPTH);
                }
            }
            return;
        }
        if !tag.closing && !tag.self_closing && SKIPPED.contains(&name) {
            self.skip_depth = 1;
            self.skip_name = tag.name.clone();
            return;
        }
        if name == "h1" {
            self.saw_h1 = true;
        }
        if name == "pre" {
            self.pre = if tag.closing {
                self.pre.saturating_sub(1)
            } else {
                self.pre + 1
            };
        }
        if BLOCKS.contains(&name) {
            self.pending_break = true;
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() || self.skip_depth > 0 {
            return;
        }
        let mut decoded = String::with_capacity(raw.len());
        decode_into(raw, &mut decoded);
        let mut words = decoded.split_whitespace().peekable();
        if words.peek().is_none() {
            // Whitespace only: at most a space between inline runs.
            if !decoded.is_empty() && !self.out.ends_with([' ', '\n']) && !self.out.is_empty() {
                self.out.push(' ');
            }
            return;
        }
        if self.pending_break && !self.out.is_empty() {
            let trimmed = self.out.trim_end().len();
            self.out.truncate(trimmed);
            self.out.push_str("\n\n");
        } else if decoded.starts_with(char::is_whitespace)
            && !self.out.is_empty()
            && !self.out.ends_with([' ', '\n'])
        {
            self.out.push(' ');
        }
        self.pending_break = false;
        if self.pre > 0 {
            self.out.push_str(decoded.trim_matches('\n'));
            return;
        }
        let mut first = true;
        for w in words {
            if !first {
                self.out.push(' ');
            }
            self.out.push_str(w);
            first = false;
        }
        if decoded.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    fn finish(&mut self) -> String {
        let text = std::mem::take(&mut self.out);
        let lines: Vec<&str> = text.split("\n\n").map(str::trim).collect();
        lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Bytes the tag takes, from `<` to `>` inclusive.
    len: usize,
}

/// Parses the tag at the start of `s` (which starts with `<`), skipping quoted attribute values
/// so a `>` inside them does not end the tag.
fn parse_tag(s: &str) -> Option<Tag> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                let self_closing = i > 0 && bytes[i - 1] == b'/';
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    len: i + 1,
                });
            }
            None => {}
        }
        i += 1;
    }
    // Unterminated tag: it runs to the end of the input.
    Some(Tag {
        name,
        closing,
        self_closing: false,
        len: s.len(),
    })
}

/// Decodes character references (`&amp;`, `&#8220;`, `&#x201D;`, common named ones) into `out`.
fn decode_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| reference(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        return match char::from_u32(code) {
            Some('\0') | None => Some('\u{FFFD}'),
            Some(c) => Some(c),
        };
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "eacute" => 'é',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_headline_and_paragraphs_drops_scripts_and_furniture() {
        let html = r#"<!DOCTYPE html><html><head><title>Site | Headline</title>
            <script>alert("x")</script><style>p{color:red}</style></head>
            <body><header><nav><a href="/">Home</a></nav></header>
            <h1>Talks stall in Doha</h1>
            <p>&ldquo;We will not back down,&rdquo; the spokesperson <b>said</b>.</p>
            <p onclick="steal()">Second <a href="javascript:alert(1)">paragraph</a>.<br>New line.</p>
            <img src=x onerror="alert(2)">
            <footer>© 2025 Example</footer></body></html>"#;
        let text = to_text(html);
        assert_eq!(
            text,
            "Talks stall in Doha\n\n“We will not back down,” the spokesperson said.\n\nSecond paragraph.\n\nNew line."
        );
        assert!(!text.contains("alert"));
        assert!(!text.contains("Home"));
        assert!(!text.contains('<'));
    }

    #[test]
    fn article_element_scopes_the_text_and_title_is_the_fallback_headline() {
        let html = "<html><head><title>The headline</title></head><body><div>Menu junk</div>\
                    <article><p>Body text.</p></article><div>Related links</div></body></html>";
        assert_eq!(to_text(html), "The headline\n\nBody text.");
    }

    #[test]
    fn attributes_with_angle_brackets_and_broken_markup() {
        assert_eq!(to_text(r#"<p title="a > b">Text</p>"#), "Text");
        assert_eq!(to_text("<p>a < b and c > d</p>"), "a < b and c > d");
        assert_eq!(to_text("<p>unterminated <b"), "unterminated");
        assert_eq!(to_text("<script>never closed"), "");
        assert_eq!(to_text("<!-- comment --><p>x</p><!-- open"), "x");
        assert_eq!(
            to_text("&#0; &#xD800; &bogus; &amp;"),
            "\u{FFFD} \u{FFFD} &bogus; &"
        );
    }

    #[test]
    fn nested_skipped_elements_and_urdu() {
        let html = "<div><nav><nav>in</nav>still nav</nav><p dir=\"rtl\">ترجمان نے کہا</p></div>";
        assert_eq!(to_text(html), "ترجمان نے کہا");
    }

    #[test]
    fn detection_looks_at_the_head_only_even_when_it_ends_mid_character() {
        let text = "a".repeat(511) + "“" + &"<p>".repeat(1000);
        assert!(!looks_like_html(&text));
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html("<!DOCTYPE html><p>x</p>"));
        assert!(looks_like_html("  <html lang=en>"));
        assert!(!looks_like_html("He said “x < y” in 2024."));
    }

    #[test]
    fn a_page_hands_over_its_article_or_its_selection() {
        let html =
            "<head><title>T</title></head><body><nav>Menu</nav><h1>Head</h1><p>“Yes,” she said.</p></body>";
        assert_eq!(from_page(html, "").unwrap(), "Head\n\n“Yes,” she said.");
        let text = from_page(html, "  “Only this,” he said. ").unwrap();
        assert_eq!(text, "“Only this,” he said.");
        let err = from_page("<script>x()</script><nav>Menu</nav>", " ").unwrap_err();
        assert!(err.contains("no article text"), "{err}");
    }

    #[test]
    fn the_page_info_is_stamped_on_the_analysis() {
        let mut dated = crate::analyze("ISLAMABAD, Nov. 14, 2025\n\n“Yes,” she said.");
        let mut undated = crate::analyze("“Yes,” she said.");
        let info = PageInfo {
            title: Some("T".into()),
            url: Some("https://news.example/a".into()),
            date: Some("2025-12-01".into()),
        };
        info.stamp(&mut dated);
        info.stamp(&mut undated);
        assert_eq!(
            dated.date.as_deref(),
            Some("2025-11-14"),
            "the text's own date wins"
        );
        assert_eq!(undated.date.as_deref(), Some("2025-12-01"));
        assert_eq!(undated.title.as_deref(), Some("T"));
        assert_eq!(
            undated.source_url.as_deref(),
            Some("https://news.example/a")
        );
    }

    #[test]
    fn deep_nesting_and_many_tags_are_linear() {
        let deep = "<div>".repeat(100_000) + "text" + &"</div>".repeat(100_000);
        assert_eq!(to_text(&deep), "text");
        let skipped = "<nav>".repeat(100_000) + "hidden";
        assert_eq!(to_text(&skipped), "");
        let lt = "<".repeat(200_000);
        assert_eq!(to_text(&lt).len(), 200_000);
    }
}
