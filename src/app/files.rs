//! Reading the files a user picked or dropped into actions: text files as they are, HTML pages
//! through the core's text extraction (never inserted into the page), anything else refused
//! with a message that names the file.

use super::state::{Action, AppState};
use crate::{html, input};
use yew::UseReducerDispatcher;

/// The kinds of file quotelens opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
}

/// The files in a `FileList`, in order.
pub fn from_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// What kind of file this is by name and type, or why it is refused before reading.
fn kind_of(file: &web_sys::File) -> Result<Kind, String> {
    let name = file.name().to_lowercase();
    let mime = file.type_();
    let kind = if name.ends_with(".html") || name.ends_with(".htm") || mime == "text/html" {
        Kind::Html
    } else if [".txt", ".text", ".md", ".markdown"]
        .iter()
        .any(|e| name.ends_with(e))
        || mime.starts_with("text/plain")
        || mime.starts_with("text/markdown")
    {
        Kind::Text
    } else {
        let what = if mime.is_empty() {
            "this kind of file".to_string()
        } else {
            format!("{mime} files")
        };
        return Err(format!(
            "{what} cannot be opened; quotelens reads .txt, .md and .html"
        ));
    };
    if file.size() > input::MAX_INPUT_BYTES as f64 {
        return Err(input::InputError::TooLarge {
            bytes: file.size() as usize,
        }
        .to_string());
    }
    if file.size() == 0.0 {
        return Err(input::InputError::Empty.to_string());
    }
    Ok(kind)
}

/// Turns a file's bytes into an action.
fn decode(name: String, kind: Kind, bytes: &[u8]) -> Action {
    let decoded = match input::decode(bytes, false) {
        Ok(d) => d,
        Err(e) => {
            return Action::OpenedUnreadableFile {
                name,
                reason: e.to_string(),
            }
        }
    };
    let mut notes = decoded.warnings;
    let text = if kind == Kind::Html || html::looks_like_html(&decoded.text) {
        let text = html::to_text(&decoded.text);
        if text.trim().is_empty() {
            return Action::OpenedUnreadableFile {
                name,
                reason: "the page has no article text".to_string(),
            };
        }
        notes.push("article text taken from the HTML page".to_string());
        text
    } else {
        decoded.text
    };
    Action::OpenedFile { name, text, notes }
}

/// Reads each file in turn and dispatches one action per file.
pub fn load(files: Vec<web_sys::File>, state: UseReducerDispatcher<AppState>) {
    for file in files {
        let name = file.name();
        let kind = match kind_of(&file) {
            Ok(k) => k,
            Err(reason) => {
                state.dispatch(Action::OpenedUnreadableFile { name, reason });
                continue;
            }
        };
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let blob = gloo::file::Blob::from(file);
            let action = match gloo::file::futures::read_as_bytes(&blob).await {
                Ok(bytes) => decode(name, kind, &bytes),
                Err(e) => Action::OpenedUnreadableFile {
                    name,
                    reason: format!("could not be read ({e})"),
                },
            };
            state.dispatch(action);
        });
    }
}
