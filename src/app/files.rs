//! Reading files the user picked or dropped, off the critical path, into actions.

use super::state::Action;
use crate::input;
use yew::UseReducerDispatcher;

/// File name endings quotelens reads as plain text.
const TEXT_EXTENSIONS: &[&str] = &[".txt", ".text", ".md"];

/// The files in a `FileList`, in order.
pub fn from_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Why a file is refused before it is read, if it is.
fn refuse_before_reading(file: &web_sys::File) -> Option<String> {
    let name = file.name().to_lowercase();
    let mime = file.type_();
    let texty = TEXT_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
        || mime.starts_with("text/plain")
        || mime.starts_with("text/markdown");
    if !texty {
        return Some("only plain-text files (.txt, .md) can be opened".to_string());
    }
    if file.size() > input::MAX_INPUT_BYTES as f64 {
        return Some(
            input::InputError::TooLarge {
                bytes: file.size() as usize,
            }
            .to_string(),
        );
    }
    None
}

/// Reads the first file and dispatches the result; further files get a note (several articles
/// at once come with the comparison view).
pub fn load(files: Vec<web_sys::File>, state: UseReducerDispatcher<super::state::AppState>) {
    let Some(file) = files.into_iter().next() else {
        return;
    };
    let name = file.name();
    if let Some(reason) = refuse_before_reading(&file) {
        state.dispatch(Action::OpenedUnreadableFile { name, reason });
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let blob = gloo::file::Blob::from(file);
        let action = match gloo::file::futures::read_as_bytes(&blob).await {
            Err(e) => Action::OpenedUnreadableFile {
                name,
                reason: format!("could not be read ({e})"),
            },
            Ok(bytes) => match input::decode(&bytes, false) {
                Ok(decoded) => Action::OpenedFile {
                    name,
                    text: decoded.text,
                    warnings: decoded.warnings,
                },
                Err(e) => Action::OpenedUnreadableFile {
                    name,
                    reason: e.to_string(),
                },
            },
        };
        state.dispatch(action);
    });
}
