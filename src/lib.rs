//! quotelens: who said what in a news article.
//!
//! [`analyze`] is the one entry point. It runs the pipeline, one module per stage, each adding
//! one layer to a [`types::Document`]:
//!
//! 1. [`text`]: paragraphs, tokens, sentences;
//! 2. [`quotes`]: direct quotations from quotation marks;
//! 3. [`ner`]: named entity mentions;
//! 4. [`attribution`]: speakers, cues and kinds; indirect quotations;
//! 5. [`entities`]: one entity per real-world referent (aliases merged), descriptors, dates and
//!    figures normalised;
//! 6. [`speakers`]: every source mention resolved to one of those entities, or marked unnamed,
//!    by a learned ranker;
//! 7. [`sourcing`]: what the sourcing audit reads: loaded attribution verbs, the stated reasons
//!    of unnamed sources, genders the text states;
//! 8. [`summary`] (last): quote counts, salience;
//!
//! and converts the result to the public JSON contract ([`contract::Analysis`]), whose offsets
//! are Unicode code points ([`offsets`] is the only place that converts units). [`compare`]
//! splits a pasted text into articles and compares their analyses.
//!
//! The core has no web dependencies: it runs natively (the CLI in [`cli`]) and in wasm32 (the
//! yew app in `app`, compiled only for that target and with the default `app` feature).
//! [`batch`] analyses many texts on several threads (native only).

pub mod attribution;
pub mod audit;
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
pub mod compare;
pub mod contract;
pub mod entities;
pub mod export;
pub mod fnv;
pub mod html;
pub mod input;
pub mod ner;
pub mod offsets;
pub mod quotes;
pub mod sourcing;
pub mod speakers;
pub mod summary;
pub mod text;
pub mod types;
pub mod values;
pub mod view;
pub mod words;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod app;

pub use contract::Analysis;
pub use types::Document;

/// Runs every stage over `text` and returns the internal document with all layers.
pub fn analyze_document(text: &str) -> Document<'_> {
    let mut doc = analyze_before_speakers(text);
    speakers::resolve(&mut doc);
    sourcing::annotate(&mut doc);
    summary::summarize(&mut doc);
    doc
}

/// Runs the stages before speaker resolution (text to entities): what [`speakers`] resolves
/// over, and what its training reads.
pub fn analyze_before_speakers(text: &str) -> Document<'_> {
    let mut doc = Document::new(text);
    text::segment(&mut doc);
    quotes::detect(&mut doc);
    // Layers collected from iterators of unknown length end with up to half their capacity
    // unused; these two live through every later stage.
    doc.quotations.shrink_to_fit();
    ner::tag(&mut doc);
    doc.mentions.shrink_to_fit();
    attribution::attribute(&mut doc);
    entities::cluster(&mut doc);
    doc
}

/// Analyses `text` and returns the public contract view.
pub fn analyze(text: &str) -> Analysis {
    let mut doc = analyze_document(text);
    // The contract reads the quotations, entities and offsets only: free the token-level layers
    // (about a third of the document's memory) before it allocates.
    doc.tokens = Vec::new();
    doc.sentences = Vec::new();
    doc.paragraphs = Vec::new();
    doc.mentions = Vec::new();
    Analysis::from_owned_document(doc)
}
