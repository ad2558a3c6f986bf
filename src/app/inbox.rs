//! Articles handed over by a web page: the browser extension's page script (same window, same
//! origin) or the bookmarklet (the window that opened this one). Both speak one small protocol
//! of JSON strings sent with `postMessage`, never through a URL:
//!
//! 1. on start the app posts `{"quotelens":"ready"}` to itself (for the extension's script)
//!    and, when another window opened it, to that window (for the bookmarklet);
//! 2. the sender answers `{"quotelens":"article","html":…,"selection":…,"url":…,"title":…,
//!    "date":…}` (what `extension/collect.js` returns; or
//!    `{"quotelens":"article","error":…}` when it could not read the page) to this app's
//!    origin only;
//! 3. the app accepts that from its own window and origin, or once from its opener.
//!
//! The page's HTML is never inserted anywhere: [`crate::html::from_page`] turns it into text.

use super::state::Action;
use crate::html::PageInfo;
use gloo::events::EventListener;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// The app is listening.
const READY: &str = r#"{"quotelens":"ready"}"#;

/// A string field of a message object, empty when missing.
fn field(message: &JsValue, name: &str) -> String {
    js_sys::Reflect::get(message, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Listens for articles sent by a page and announces that the app is ready; articles and
/// refusals become actions. Listening stops when the returned listener is dropped.
pub fn listen(dispatch: Callback<Action>) -> EventListener {
    let window = gloo::utils::window();
    let own_origin = window.location().origin().unwrap_or_default();
    let opener = window.opener().ok().filter(|o| o.is_object());
    let opener_done = Cell::new(false);
    let me: JsValue = window.clone().into();
    let listener = {
        let (opener, own_origin) = (opener.clone(), own_origin.clone());
        EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            let source: JsValue = event.source().map_or(JsValue::NULL, Into::into);
            let from_self = event.origin() == own_origin && js_sys::Object::is(&source, &me);
            let from_opener = !opener_done.get()
                && opener
                    .as_ref()
                    .is_some_and(|o| js_sys::Object::is(&source, o));
            if !(from_self || from_opener) {
                return;
            }
            // A JSON object with "quotelens": "article", and "html", "selection" and "url", or
            // "error" (why the sender could not read the page).
            let Some(message) = event
                .data()
                .as_string()
                .and_then(|d| js_sys::JSON::parse(&d).ok())
                .filter(|m| m.is_object() && field(m, "quotelens") == "article")
            else {
                return;
            };
            if from_opener {
                opener_done.set(true);
            }
            let error = field(&message, "error");
            let text = if error.is_empty() {
                let (html, selection) = (field(&message, "html"), field(&message, "selection"));
                crate::html::from_page(&html, &selection)
            } else {
                Err(error)
            };
            let known = |name| Some(field(&message, name)).filter(|v| !v.is_empty());
            let page = PageInfo {
                title: known("title"),
                url: known("url"),
                date: known("date"),
            };
            dispatch.emit(match text {
                Ok(text) => Action::SentPage { text, page },
                Err(reason) => Action::PageUnreadable(reason),
            });
        })
    };
    post(&window.into(), READY, &own_origin);
    if let Some(o) = &opener {
        // The opener's origin is unknown until it answers; "ready" carries nothing.
        post(o, READY, "*");
    }
    listener
}

/// Posts `message` to the window `to`, for `origin` only; a closed window is no error.
fn post(to: &JsValue, message: &str, origin: &str) {
    let _ = to
        .unchecked_ref::<web_sys::Window>()
        .post_message(&JsValue::from_str(message), origin);
}
