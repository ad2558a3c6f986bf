//! Small browser helpers: downloads, the clipboard, focus.

use wasm_bindgen::JsCast;

/// Offers `contents` as a file download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&contents.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "could not create the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create the download".to_string())?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no document".to_string())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` to the clipboard (asynchronously; failures are ignored by the browser).
pub fn copy(text: &str) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}

/// Moves keyboard focus to the next (`step = 1`) or previous (`-1`) quotation in the reading
/// view, from the focused one or from the top.
pub fn focus_quote(step: i32) {
    let document = gloo::utils::document();
    let Ok(list) = document.query_selector_all(".article mark[data-quote-id]") else {
        return;
    };
    let marks: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    if marks.is_empty() {
        return;
    }
    let active = document.active_element();
    let at = marks.iter().position(|m| {
        active
            .as_ref()
            .is_some_and(|a| a == m.unchecked_ref::<web_sys::Element>())
    });
    let next = match (at, step >= 0) {
        (None, true) => 0,
        (None, false) => marks.len() - 1,
        (Some(i), true) => (i + 1).min(marks.len() - 1),
        (Some(i), false) => i.saturating_sub(1),
    };
    let _ = marks[next].focus();
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    marks[next].scroll_into_view_with_scroll_into_view_options(&options);
}

/// Focuses quotation `id` in the reading view and scrolls it into view (the lists that link to
/// quotations call this).
pub fn show_quote(id: usize) {
    let selector = format!(".article mark[data-quote-id=\"{id}\"]");
    if let Ok(Some(el)) = gloo::utils::document().query_selector(&selector) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}
