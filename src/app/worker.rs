//! The analysis worker: runs [`crate::analyze`] off the main thread so the page never freezes.
//!
//! The worker is its own wasm binary (`src/bin/worker.rs`, built by Trunk with
//! `data-type="worker"`); the page talks to it through a gloo-worker bridge. Messages cross as
//! one JSON string each ([`JsCodec`]), the contract's own encoding. The page's own binary never calls `analyze`, which keeps the analysis
//! models out of the page's wasm.

use crate::contract::Analysis;
use gloo::worker::{Codec, HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Ask the worker to analyse one revision of one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The article's id in the app state.
    pub article: u64,
    /// The revision of its text.
    pub revision: u64,
    /// The text.
    pub text: String,
}

/// What the worker says back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// It started on a request (sent first, so the page can show progress).
    Started {
        /// The article.
        article: u64,
        /// The revision.
        revision: u64,
    },
    /// The analysis is ready.
    Done {
        /// The article.
        article: u64,
        /// The revision that was analysed.
        revision: u64,
        /// The result.
        analysis: Analysis,
        /// How long `analyze` took, in milliseconds.
        millis: f64,
    },
}

/// The worker itself: stateless; it loads the models once, when it starts.
pub struct AnalysisWorker;

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        // Decompress the models and let the browser optimise the hot code now, while the
        // reader is still looking at the page, rather than on their first paste (a fresh
        // worker runs the first analyses several times slower; docs/performance.md).
        for _ in 0..3 {
            let _ = crate::analyze(super::state::DEMO_ARTICLE);
        }
        AnalysisWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, req: Request, id: HandlerId) {
        let (article, revision) = (req.article, req.revision);
        scope.respond(id, Response::Started { article, revision });
        let clock = js_sys::global()
            .dyn_into::<web_sys::WorkerGlobalScope>()
            .ok()
            .and_then(|g| g.performance());
        let now = || clock.as_ref().map_or(0.0, |p| p.now());
        let t0 = now();
        let analysis = crate::analyze(&req.text);
        let millis = now() - t0;
        scope.respond(
            id,
            Response::Done {
                article,
                revision,
                analysis,
                millis,
            },
        );
    }
}

use wasm_bindgen::JsCast;

/// gloo-worker codec that passes messages as one JSON string: a single string crosses the
/// worker boundary and is parsed in one pass, far faster for a large analysis than walking a
/// JavaScript object graph property by property.
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let json = serde_json::to_string(&input).expect("worker messages are plain data");
        JsValue::from_str(&json)
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let json = input.as_string().expect("worker messages are strings");
        serde_json::from_str(&json).expect("worker messages match their types")
    }
}
