//! The pipeline's stages one by one, for the timing tools (`examples/bench_native.rs`,
//! `examples/bench_wasm.rs`) and the criterion bench: the same order as
//! `quotelens::analyze_document`, plus building the document (its offset map) first and the
//! contract conversion last.
#![allow(dead_code)]

use quotelens::contract::Analysis;
use quotelens::{attribution, entities, ner, quotes, summary, text, Document};
use std::hint::black_box;

/// A stage that adds one layer to the document.
pub type Stage = for<'t> fn(&mut Document<'t>);

/// The stages in the order `analyze_document` runs them.
pub const STAGES: &[(&str, Stage)] = &[
    ("text", text::segment),
    ("quotes", quotes::detect),
    ("ner", ner::tag),
    ("attribution", attribution::attribute),
    ("entities", entities::cluster),
    ("summary", summary::summarize),
];

/// Every timed step: `offsets` (`Document::new`), the [`STAGES`], `contract` (conversion to the
/// public `Analysis`, and dropping both).
pub const STEPS: &[&str] = &[
    "offsets",
    "text",
    "quotes",
    "ner",
    "attribution",
    "entities",
    "summary",
    "contract",
];

/// Runs the whole pipeline on `text`, adding the milliseconds of each of [`STEPS`] (by the clock
/// `now`, in milliseconds) to `acc`; returns the number of quotations found.
pub fn timed(text: &str, acc: &mut [f64], now: &dyn Fn() -> f64) -> usize {
    let mut t = now();
    let mut lap = |i: usize, acc: &mut [f64]| {
        let n = now();
        acc[i] += n - t;
        t = n;
    };
    let mut doc = Document::new(text);
    lap(0, acc);
    for (i, (_, stage)) in STAGES.iter().enumerate() {
        stage(&mut doc);
        lap(i + 1, acc);
    }
    let analysis = Analysis::from_document(&doc);
    let quotes = analysis.quotes.len();
    drop(black_box(analysis));
    drop(black_box(doc));
    lap(STEPS.len() - 1, acc);
    quotes
}
