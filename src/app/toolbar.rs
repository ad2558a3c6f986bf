//! The masthead: title, demo, open files, exports, compare.

use super::dom;
use super::state::{Action, AppState, Mode};
use crate::export;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The app state (read only).
    pub state: UseReducerHandle<AppState>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
    /// Called with the files the user picked.
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The masthead and its buttons.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let state = &props.state;
    let article = state.current();
    let has_analysis = article.analysis.is_some();
    let on_demo = props.dispatch.reform(|_: MouseEvent| Action::LoadedDemo);
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
    let on_json = {
        let state = state.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let article = state.current();
            if let Some(analysis) = &article.analysis {
                let name = format!("{}.quotelens.json", export::file_stem(&article.name));
                let json = export::analysis_json(&article.name, analysis);
                if let Err(reason) = dom::download(&name, "application/json", &json) {
                    dispatch.emit(Action::CouldNotSave(reason));
                }
            }
        })
    };
    let on_csv = {
        let state = state.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let analysed: Vec<(&str, &crate::contract::Analysis)> = state
                .articles
                .iter()
                .filter_map(|a| a.analysis.as_deref().map(|an| (&*a.name, an)))
                .collect();
            if analysed.is_empty() {
                return;
            }
            let stem = if analysed.len() == 1 {
                export::file_stem(analysed[0].0)
            } else {
                format!("{}-articles", analysed.len())
            };
            let csv = export::quotes_csv(analysed);
            if let Err(reason) = dom::download(&format!("{stem}.quotes.csv"), "text/csv", &csv) {
                dispatch.emit(Action::CouldNotSave(reason));
            }
        })
    };
    let comparing = state.mode == Mode::Compare;
    let on_compare = props.dispatch.reform(move |_: MouseEvent| {
        Action::SwitchedMode(if comparing { Mode::Read } else { Mode::Compare })
    });
    let analysed_count = state
        .articles
        .iter()
        .filter(|a| a.analysis.is_some())
        .count();
    html! {
        <header class="masthead">
            <div class="brand">
                <h1>{ "quotelens" }</h1>
                <p class="tagline">{ "Who said what — found in your browser. Nothing leaves your machine." }</p>
            </div>
            <nav class="actions" aria-label="Actions">
                <button type="button" class="demo-button" onclick={on_demo}>{ "Load demo article" }</button>
                <label class="file-button">
                    { "Open files…" }
                    <input id="file-input" type="file" multiple=true
                        accept=".txt,.text,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
                        {onchange} />
                </label>
                <button type="button" class="export-json" disabled={!has_analysis} onclick={on_json}
                    title="The analysis of this article as JSON (the documented contract)">{ "Export JSON" }</button>
                <button type="button" class="export-csv" disabled={analysed_count == 0} onclick={on_csv}
                    title="One row per quotation, for every open article">{ "Export CSV" }</button>
                <button type="button" class="compare-button" aria-pressed={comparing.to_string()}
                    disabled={analysed_count < 2 && !comparing} onclick={on_compare}
                    title="Compare the open articles">{ if comparing { "Back to reading" } else { "Compare articles" } }</button>
            </nav>
        </header>
    }
}
