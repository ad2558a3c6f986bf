//! The web app (wasm32 only): yew components over the core. Components render and dispatch;
//! analysis runs in a web worker ([`worker`]), and everything else that is not about elements
//! lives in plain-Rust core modules ([`crate::view`], [`crate::export`], [`crate::html`],
//! [`crate::input`]).
//!
//! - [`state`]: the app state and its one reducer, actions named for what the user did;
//! - [`worker`]: the analysis worker and its messages;
//! - [`storage`]: articles kept across reloads;
//! - [`files`]: picked and dropped files into text;
//! - [`inbox`]: articles sent by the browser extension or the [`bookmarklet`];
//! - [`dom`]: downloads, clipboard, focus;
//! - components: [`toolbar`], [`input_panel`], [`reading_view`], [`quotes_panel`],
//!   [`share_of_voice`], [`audit_panel`], [`entity_panel`], [`compare_view`].

pub mod audit_panel;
pub mod bookmarklet;
pub mod compare_view;
pub mod dom;
pub mod entity_panel;
pub mod files;
pub mod inbox;
pub mod input_panel;
pub mod quotes_panel;
pub mod reading_view;
pub mod share_of_voice;
pub mod state;
pub mod storage;
pub mod toolbar;
pub mod worker;

use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use worker::{AnalysisWorker, JsCodec, Request, Response};
use yew::prelude::*;
use yew::Reducible;

/// Re-analyse this long after the last keystroke.
const TYPING_PAUSE_MS: u32 = 300;

/// The worker's loader script, relative to the page (so the app works under a sub-path).
const WORKER_LOADER: &str = "./quotelens-worker_loader.js";

/// Mounts the app on the page's `<body>` and registers the offline service worker.
pub fn start() {
    register_service_worker();
    yew::Renderer::<App>::new().render();
}

/// Registers `service-worker.js` (written at build time by `scripts/postbuild.mjs`) where the
/// browser offers service workers (secure contexts: https and localhost); not in the browser
/// extension, which has the app's files already.
fn register_service_worker() {
    let window = gloo::utils::window();
    let web = window
        .location()
        .origin()
        .is_ok_and(|o| o.starts_with("http"));
    let navigator = window.navigator();
    let available =
        web && js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if available {
        // A failed registration only means no offline copy; the app works the same.
        let _ = navigator.service_worker().register("./service-worker.js");
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fresh = Rc::new(AppState::default());
        let restored = match storage::load() {
            Some((articles, current)) => fresh.reduce(Action::Restored(articles, current)),
            None => fresh,
        };
        Rc::try_unwrap(restored).unwrap_or_else(|shared| (*shared).clone())
    });
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let bridge: Rc<RefCell<Option<WorkerBridge<AnalysisWorker>>>> = use_mut_ref(|| None);
    let dragging = use_state(|| false);

    // Start the worker once; its answers become actions. Then take articles the browser
    // extension or the bookmarklet sends (for as long as the page lives).
    {
        let bridge = bridge.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let sent = dispatcher.clone();
            let on_page = Callback::from(move |action| sent.dispatch(action));
            let spawned = AnalysisWorker::spawner()
                .callback(move |response| match response {
                    Response::Started { .. } => {}
                    Response::Done {
                        article,
                        revision,
                        analysis,
                        millis,
                    } => dispatcher.dispatch(Action::Analysed {
                        article,
                        revision,
                        analysis: Rc::new(analysis),
                        millis,
                    }),
                })
                .encoding::<JsCodec>()
                .spawn_with_loader(WORKER_LOADER);
            *bridge.borrow_mut() = Some(spawned);
            inbox::listen(on_page).forget();
        });
    }

    // Send every settled, unsent revision to the worker.
    {
        let bridge = bridge.clone();
        let dispatcher = state.dispatcher();
        let work = state.pending_work();
        let key: Vec<(u64, u64)> = work.iter().map(|(a, r, _)| (*a, *r)).collect();
        use_effect_with(key, move |_| {
            if let Some(bridge) = bridge.borrow().as_ref() {
                for (article, revision, text) in work {
                    if text.trim().is_empty() {
                        continue;
                    }
                    bridge.send(Request {
                        article,
                        revision,
                        text: text.to_string(),
                    });
                    dispatcher.dispatch(Action::SentForAnalysis { article, revision });
                }
            }
        });
    }

    // Keep the articles across reloads whenever a settled text or the tab list changes.
    {
        let dispatcher = state.dispatcher();
        let state = state.clone();
        use_effect_with(state.save_key(), move |_| {
            let (articles, current) = state.saved_form();
            if let Err(reason) = storage::save(articles, current) {
                dispatcher.dispatch(Action::CouldNotSave(reason));
            }
        });
    }

    let on_edit = {
        let dispatcher = state.dispatcher();
        let pending = pending.clone();
        let article = state.current().id;
        Callback::from(move |(text, whole): (String, bool)| {
            dispatcher.dispatch(Action::Typed(text));
            if whole {
                // A paste or drop: no typing to wait for.
                pending.borrow_mut().take();
                dispatcher.dispatch(Action::PausedTyping { article });
                return;
            }
            let dispatcher = dispatcher.clone();
            // Each keystroke replaces the timer, so analysis runs once typing pauses.
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || {
                dispatcher.dispatch(Action::PausedTyping { article })
            }));
        })
    };
    let on_files = {
        let dispatcher = state.dispatcher();
        Callback::from(move |files: Vec<web_sys::File>| files::load(files, dispatcher.clone()))
    };
    let dispatch = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
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

    let article = state.current().clone();
    let class = classes!("app", dragging.then_some("dragging"));
    html! {
        <div {class} {ondragover} {ondragleave} {ondrop}>
            <toolbar::Toolbar state={state.clone()} dispatch={dispatch.clone()} on_files={on_files.clone()} />
            <main class="workspace" id="main">
                <input_panel::InputPanel
                    articles={state.articles.iter().map(|a| (a.name.clone(), a.is_working())).collect::<Vec<_>>()}
                    current={state.current}
                    text={article.text.clone()}
                    text_key={article.id}
                    notice={state.notice.clone()}
                    can_undo={state.closed.is_some()}
                    parts={article.parts()}
                    {on_edit}
                    dispatch={dispatch.clone()}
                />
                if state.mode == state::Mode::Compare {
                    <compare_view::CompareView articles={state.articles.clone()} />
                } else {
                <reading_view::ReadingView
                    text={article.analysed_text.clone()}
                    analysis={article.analysis.clone()}
                    working={article.is_working()}
                    stale={article.analysed != article.revision}
                    bytes={article.text.len()}
                    millis={article.millis}
                    focus={state.focus.clone()}
                    hidden_types={state.hidden_types.clone()}
                    dispatch={dispatch.clone()}
                />
                }
                <aside class="side-panels" aria-label="Summary">
                    <quotes_panel::QuotesPanel
                        text={article.analysed_text.clone()}
                        analysis={article.analysis.clone()}
                        article={article.name.clone()}
                        focus={state.focus.clone()}
                        show_unsure={state.show_unsure}
                        dispatch={dispatch.clone()}
                    />
                    <share_of_voice::ShareOfVoice analysis={article.analysis.clone()} dispatch={dispatch.clone()} show_unsure={state.show_unsure} />
                    <audit_panel::AuditPanel
                        analysis={article.analysis.clone()}
                        all={state.articles.iter().filter_map(|a| a.analysis.clone()).collect::<Vec<_>>()}
                        show_unsure={state.show_unsure}
                    />
                    <entity_panel::EntityPanel
                        analysis={article.analysis.clone()}
                        focus={state.focus.clone()}
                        hidden_types={state.hidden_types.clone()}
                        dispatch={dispatch.clone()}
                    />
                </aside>
            </main>
            <footer class="credits">
                if let Some(href) = bookmarklet::link() {
                    <p class="bookmarklet-offer">
                        { "Reading elsewhere? Drag " }
                        <a class="bookmarklet" {href}>{ "quotelens this page" }</a>
                        { " to your bookmarks bar and click it on a news page: its article opens here, handed over inside your browser. Sites whose security policy forbids bookmarklets show a message or nothing at all; the quotelens browser extension works there." }
                    </p>
                }
                <p>
                    { "quotelens analyses everything in this page; nothing is uploaded. Entity lists built into the models are derived from " }
                    { "world-countries (ODbL 1.0), GeoNames (CC BY 4.0), countries-list (MIT) and the US Census name lists (public domain). " }
                    { "The models were trained on OntoNotes 5.0, CoNLL-2003, re3d and PolNeAR; no text from them is included." }
                </p>
            </footer>
            <div class="drop-hint" aria-hidden="true">{ "Drop .txt, .md or .html files to open them" }</div>
        </div>
    }
}
