//! The analysis worker: runs [`crate::analyze`] off the main thread so the page never freezes.
//!
//! The worker is its own wasm binary (`src/bin/worker.rs`, built by Trunk with
//! `data-type="worker"`); the page talks to it through a gloo-worker bridge. Messages cross as
//! JavaScript values through serde-wasm-bindgen ([`JsCodec`]), so the contract types need no
//! second encoding. The page's own binary never calls `analyze`, which keeps the analysis
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

/// The worker itself: stateless; the models load on first use inside `analyze`.
pub struct AnalysisWorker;

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
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

/// gloo-worker codec that passes messages as structured JavaScript values.
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        input
            .serialize(&serializer)
            .expect("worker messages are plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker messages match their types")
    }
}
