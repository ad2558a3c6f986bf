//! The input side: article tabs, the box to paste into, and notices.

use super::state::{Action, Notice};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`InputPanel`].
#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    /// Each article's name and whether it is being analysed.
    pub articles: Vec<(Rc<str>, bool)>,
    /// The index of the article in the box.
    pub current: usize,
    /// Its text.
    pub text: Rc<str>,
    /// The article's id: the box is refilled only when it changes (another tab, a loaded file,
    /// the demo, a restore — each is a new or other article), so typing never round-trips a
    /// large text through the DOM.
    pub text_key: u64,
    /// A problem or note to show.
    pub notice: Option<Notice>,
    /// True when a closed article can be brought back.
    pub can_undo: bool,
    /// How many articles the text holds between separator lines.
    pub parts: usize,
    /// Called on every edit with the new text and whether it was a paste or drop (analysed at
    /// once) rather than typing (analysed after a pause).
    pub on_edit: Callback<(String, bool)>,
    /// Sends actions.
    pub dispatch: Callback<Action>,
}

/// Tabs, the paste box and notices.
#[component]
pub fn InputPanel(props: &InputPanelProps) -> Html {
    let area = use_node_ref();
    {
        let area = area.clone();
        let text = props.text.clone();
        use_effect_with(props.text_key, move |_| {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                if el.value().len() != text.len() || *el.value() != *text {
                    el.set_value(&text);
                }
            }
        });
    }
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                // A paste or a drop is a finished edit: analyse it at once, not after the
                // typing pause.
                // (Read through Reflect: a synthetic `Event` has no `inputType` at all.)
                let kind = js_sys::Reflect::get(&e, &"inputType".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let whole = matches!(kind.as_str(), "insertFromPaste" | "insertFromDrop");
                on_edit.emit((area.value(), whole));
            }
        })
    };
    let tabs = props.articles.iter().enumerate().map(|(i, (name, working))| {
        let selected = i == props.current;
        let select = props.dispatch.reform(move |_: MouseEvent| Action::SelectedArticle(i));
        let close = props.dispatch.reform(move |_: MouseEvent| Action::ClosedArticle(i));
        html! {
            <li class={classes!("tab", selected.then_some("selected"))} key={i}>
                <button type="button" aria-current={selected.then_some("true")}
                    class="tab-name" title={name.to_string()} onclick={select}>
                    { name.to_string() }
                    if *working { <span class="spinner" aria-label="analysing"></span> }
                </button>
                <button type="button" class="tab-close" aria-label={format!("Close {name}")} onclick={close}>{ "×" }</button>
            </li>
        }
    });
    let on_new = props.dispatch.reform(|_: MouseEvent| Action::AddedArticle);
    let on_undo = props.dispatch.reform(|_: MouseEvent| Action::UndidClose);
    let on_dismiss = props
        .dispatch
        .reform(|_: MouseEvent| Action::DismissedNotice);
    let on_split = props.dispatch.reform(|_: MouseEvent| Action::SplitArticles);
    html! {
        <section class="input-panel" aria-label="Article input">
            // A list of buttons, not an ARIA tablist: each entry also holds its close button,
            // which a tablist may not contain; the open article is `aria-current`.
            <ul class="tabs" aria-label="Open articles">
                { for tabs }
                <li class="tab new"><button type="button" class="tab-new" aria-label="New article" onclick={on_new}>{ "+" }</button></li>
            </ul>
            <label for="article-input" class="label">{ "Paste or type an article" }</label>
            <textarea
                id="article-input"
                class="article-input"
                dir="auto"
                spellcheck="false"
                placeholder="Paste a news article here, open files, or drop .txt, .md or .html files anywhere on the page."
                ref={area}
                {oninput}
            />
            if props.parts > 1 {
                <div class="notice split-notice" role="status">
                    <span class="notice-text">{ format!("This text holds {} articles separated by --- lines.", props.parts) }</span>
                    <button type="button" class="split" onclick={on_split}>{ "Open them as separate articles" }</button>
                </div>
            }
            if let Some(notice) = &props.notice {
                <div class={classes!("notice", notice.is_error.then_some("error"))} role={if notice.is_error { "alert" } else { "status" }}>
                    <span class="notice-text">{ &notice.message }</span>
                    if props.can_undo && !notice.is_error {
                        <button type="button" class="undo" onclick={on_undo}>{ "Undo" }</button>
                    }
                    <button type="button" class="dismiss" aria-label="Dismiss" onclick={on_dismiss}>{ "×" }</button>
                </div>
            }
        </section>
    }
}
