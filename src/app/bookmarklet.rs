//! The bookmarklet the hosted app offers: `extension/bookmarklet.js` around
//! `extension/collect.js` (the same page reader the extension injects), pointed at this app's
//! address and written as a `javascript:` link to drag to the bookmarks bar.

/// The page reader shared with the extension.
const COLLECT: &str = include_str!("../../extension/collect.js");
/// The hand-over to a quotelens tab.
const HAND_OVER: &str = include_str!("../../extension/bookmarklet.js");

/// The bookmarklet's `javascript:` URL, pointed at this page's address; `None` where the app is
/// not served over http(s) (inside the extension, a bookmarklet could not reach it).
pub fn link() -> Option<String> {
    let location = gloo::utils::window().location();
    let origin = location.origin().ok().filter(|o| o.starts_with("http"))?;
    let app_url = format!("{origin}{}", location.pathname().ok()?);
    let collect = code_lines(COLLECT);
    let hand_over = code_lines(HAND_OVER);
    let (start, rest) = hand_over.split_once("__APP__")?;
    let (middle, end) = rest.split_once("__COLLECT__")?;
    let script = [
        start,
        &serde_json::to_string(&app_url).ok()?,
        middle,
        collect.trim_end_matches(';'),
        end,
    ]
    .concat();
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut url = String::from("javascript:");
    for b in script.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'();,/?:@&=+$[]{}<>|`^".contains(&b) {
            url.push(b as char);
        } else {
            url.extend([
                '%',
                HEX[usize::from(b >> 4)].into(),
                HEX[usize::from(b & 15)].into(),
            ]);
        }
    }
    Some(url)
}

/// The script without its comment lines and indentation.
fn code_lines(script: &str) -> String {
    script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}
