//! Model building and evaluation for quotelens, apart from the runtime crate: the runtime only
//! loads the artefacts in `models/` that these commands write.
//!
//! - [`ner_train`] and [`learn_clusters`]: the NER model (`models/ner.bin.z`) and its word
//!   clusters (`models/ner-clusters.z`), by `train-ner`;
//! - [`learn`]: the perceptron and the shuffle the training commands share;
//! - the `build-cues` command: the cue lexicon and cue model (`models/cues.tsv`,
//!   `models/cue-weights.tsv`) and the relation model (`models/relation-weights.tsv`);
//! - the `train-speakers` command: the speaker ranker (`models/speakers.tsv`) and the
//!   first-name table (`models/first-names.tsv`);
//! - [`eval`]: the accuracy evaluations over `../shared/data` (`eval polnear`, `eval speakers`,
//!   `eval conll`, `eval ontonotes`), which the training commands also use to read the corpora.
//!
//! Native only: the commands read files.

#![cfg(not(target_arch = "wasm32"))]

pub mod eval;
pub mod learn;
pub mod learn_clusters;
pub mod ner_train;
