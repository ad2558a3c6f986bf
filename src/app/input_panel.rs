//! The input side: a box to paste into and a file picker.

use super::state::Notice;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`InputPanel`].
#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    /// The text in the box.
    pub text: Rc<str>,
    /// The file it came from, if any.
    pub source: Option<Rc<str>>,
    /// A problem or note to show under the box.
    pub notice: Option<Notice>,
    /// Called with the new text on every edit.
    pub on_edit: Callback<String>,
    /// Called with the files the user picked.
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The paste box and file picker.
#[component]
pub fn InputPanel(props: &InputPanelProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                on_edit.emit(area.value());
            }
        })
    };
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                if let Some(list) = input.files() {
                    on_files.emit(super::files::from_list(&list));
                }
                input.set_value(""); // picking the same file again still fires change
            }
        })
    };
    html! {
        <section class="input-panel" aria-label="Article input">
            <label for="article-input" class="label">{ "Paste an article" }</label>
            <textarea
                id="article-input"
                class="article-input"
                dir="auto"
                spellcheck="false"
                placeholder="Paste or type a news article here, or drop a .txt file anywhere on the page."
                value={props.text.to_string()}
                {oninput}
            />
            <div class="file-row">
                <label class="file-button">
                    { "Open a file…" }
                    <input id="file-input" type="file" accept=".txt,.text,.md,text/plain,text/markdown" {onchange} />
                </label>
                if let Some(source) = &props.source {
                    <span class="source">{ format!("from {source}") }</span>
                }
            </div>
            if let Some(notice) = &props.notice {
                <p class={classes!("notice", notice.is_error.then_some("error"))} role="status">
                    { &notice.message }
                </p>
            }
        </section>
    }
}
