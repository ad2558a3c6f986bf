//! Articles handed over by a web page: the browser extension's page script (same window, same
//! origin) or the bookmarklet (the window that opened this one). Both speak one small protocol
//! of JSON strings sent with `postMessage`, never through a URL:
//!
//! 1. on start the app posts `{"quotelens":"ready"}` to itself (for the extension's script)
//!    and, when another window opened it, to that window (for the bookmarklet);
//! 2. the sender answers `{"quotelens":"article","html":…,"selection":…,"url":…}` (or
//!    `{"quotelens":"article","error":…}` when it could not read the page) to this app's
//!    origin only;
//! 3. the app accepts that from its own window and origin, or once from its opener, and
//!    acknowledges an opener's message with `{"quotelens":"received"}` sent to that sender's
//!    origin only.
//!
//! The page's HTML is never inserted anywhere: [`crate::html::from_page`] turns it into text.

use super::state::Action;
use gloo::events::EventListener;
use serde::Deserialize;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// The app is listening.
const READY: &str = r#"{"quotelens":"ready"}"#;
/// The app took the article.
const RECEIVED: &str = r#"{"quotelens":"received"}"#;

/// What a page sends.
#[derive(Deserialize)]
struct PageMessage {
    /// `"article"`; other values are ignored.
    quotelens: String,
    /// The page's HTML (the sender has dropped scripts and styles).
    #[serde(default)]
    html: String,
    /// The selected text, if any: analysed instead of the article.
    #[serde(default)]
    selection: String,
    /// The page's address.
    #[serde(default)]
    url: Option<String>,
    /// Why the page could not be read.
    #[serde(default)]
    error: Option<String>,
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
            let Some(message) = event
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<PageMessage>(&d).ok())
                .filter(|m| m.quotelens == "article")
            else {
                return;
            };
            if from_opener && !from_self {
                opener_done.set(true);
                if let Some(o) = opener.as_ref() {
                    post(o, RECEIVED, &event.origin());
                }
            }
            let action = match message.error {
                Some(reason) => Action::PageUnreadable(reason),
                None => {
                    match crate::html::from_page(&message.html, &message.selection, message.url) {
                        Ok((text, page)) => Action::SentPage { text, page },
                        Err(reason) => Action::PageUnreadable(reason),
                    }
                }
            };
            dispatch.emit(action);
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
