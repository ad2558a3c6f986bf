//! The web app (wasm32 only): yew components over the core. Components render and dispatch;
//! all analysis happens in the core ([`crate::analyze`]) and the view model ([`crate::view`]).
//!
//! - [`state`]: the app state and the one reducer, with actions named for what the user did;
//! - [`input_panel`]: the paste box and the file picker;
//! - [`reading_view`]: the text with its quotations highlighted;
//! - [`files`]: reading picked or dropped files into text.

pub mod files;
pub mod input_panel;
pub mod reading_view;
pub mod state;

use gloo::timers::callback::Timeout;
use state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Re-analyse this long after the last keystroke.
const TYPING_PAUSE_MS: u32 = 250;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The whole page: input on one side, the reading view on the other; files dropped anywhere.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let dragging = use_state(|| false);

    let on_edit = {
        let state = state.dispatcher();
        let pending = pending.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::Typed(text));
            let state = state.clone();
            // Each keystroke replaces the pending timer, so analysis runs once typing pauses.
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || {
                state.dispatch(Action::PauseAfterTyping)
            }));
        })
    };
    let on_files = {
        let state = state.dispatcher();
        Callback::from(move |files: Vec<web_sys::File>| {
            files::load(files, state.clone());
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only when the pointer leaves the page, not when it crosses child elements.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|dt| dt.files()) {
                on_files.emit(files::from_list(&list));
            }
        })
    };

    let class = classes!("app", dragging.then_some("dragging"));
    html! {
        <div {class} {ondragover} {ondragleave} {ondrop}>
            <header class="masthead">
                <h1>{ "quotelens" }</h1>
                <p class="tagline">{ "Who said what — quotations in a news article, found in your browser. Nothing leaves your machine." }</p>
            </header>
            <main class="workspace">
                <input_panel::InputPanel
                    text={state.text.clone()}
                    source={state.source.clone()}
                    notice={state.notice.clone()}
                    {on_edit}
                    {on_files}
                />
                <reading_view::ReadingView
                    text={state.analysed_text.clone()}
                    analysis={state.analysis.clone()}
                />
            </main>
            <div class="drop-hint" aria-hidden="true">{ "Drop a .txt file to analyse it" }</div>
        </div>
    }
}
