//! Builds the cue lexicon `models/cues.tsv` from the Cue spans of a PolNeAR split (native only).
//!
//! ```text
//! cargo run --release --bin build-cues -- ../shared/data/polnear/train models/cues.tsv
//! ```
//!
//! For every annotated cue it takes the head word (the first word that is not an auxiliary or an
//! adverb, `quotelens::attribution::SKIP_BEFORE_CUE`: "has said" → "said", "also told" →
//! "told"), lower-cased, and counts how often each
//! head word heads a cue and how often it occurs in the split's texts at all. Heads seen at least
//! twice are written with their lemma (see `quotelens::attribution::lexicon::lemma`). Only these
//! derived counts are written, never corpus text.
//!
//! It then trains the cue model (`quotelens::attribution::cuemodel`) on every lexicon word in
//! context and writes its weights next to the lexicon, as `cue-weights.tsv`; and last the
//! relation model (`quotelens::attribution::relmodel`) on every relation the sieve finds in the
//! split with that model's filter off, as `relation-weights.tsv` (about ten seconds in all).
//! The three files are what the command writes byte for byte.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: build-cues SPLIT_DIR OUT.tsv");
        std::process::exit(2);
    }
    match native::build(&args[0], &args[1]) {
        Ok(n) => eprintln!("build-cues: wrote {n} forms to {}", args[1]),
        Err(e) => {
            eprintln!("build-cues: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Everything that reads the corpus and trains (native only).
#[cfg(not(target_arch = "wasm32"))]
mod native {
    /// Training passes over the examples.
    const EPOCHS: usize = 8;
    /// Features seen fewer times in training are dropped (names, rare words).
    const MIN_FEATURE_COUNT: usize = 20;
    /// Smaller weights are not written.
    const MIN_WEIGHT: f32 = 0.02;

    fn words(s: &str) -> impl Iterator<Item = String> + '_ {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
    }

    pub fn build(dir: &str, out: &str) -> Result<usize, String> {
        use quotelens::attribution::cuemodel;
        use quotelens::attribution::lexicon::lemma;
        use quotelens::attribution::SKIP_BEFORE_CUE;
        use quotelens::eval::polnear::{articles, parse_ann};
        use quotelens::types::{Document, Span};
        use std::collections::{BTreeMap, HashMap};
        use std::path::Path;
        let mut heads: BTreeMap<String, u32> = BTreeMap::new();
        let mut totals: HashMap<String, u32> = HashMap::new();
        let corpus = articles(Path::new(dir))?;
        for (_, text, raw) in &corpus {
            let (text, raw) = (text.as_str(), raw.as_str());
            for w in words(text) {
                *totals.entry(w).or_default() += 1;
            }
            let chars: Vec<char> = text.chars().collect();
            for rel in parse_ann(raw) {
                let cue: String = rel
                    .cue
                    .iter()
                    .map(|s| {
                        let (a, b) = (s.start.min(chars.len()), s.end.min(chars.len()));
                        chars[a..b].iter().collect::<String>() + " "
                    })
                    .collect();
                let head = words(&cue).find(|w| {
                    !SKIP_BEFORE_CUE.contains(w.as_str()) && w.chars().any(char::is_alphabetic)
                });
                if let Some(head) = head {
                    *heads.entry(head).or_default() += 1;
                }
            }
        }
        let mut lines = vec![
        "# Cue lexicon derived from PolNeAR train Cue spans by build-cues (src/bin/build_cues.rs)."
            .to_string(),
        "# form\tlemma\tcue (times it headed a cue)\ttotal (times the word occurs)".to_string(),
    ];
        for (form, n) in &heads {
            if *n < 2 {
                continue;
            }
            let total = totals.get(form).copied().unwrap_or(*n);
            lines.push(format!("{form}\t{}\t{n}\t{total}", lemma(form)));
        }
        let count = lines.len() - 2;
        std::fs::write(out, lines.join("\n") + "\n").map_err(|e| e.to_string())?;

        // The cue model: every lexicon word in context, positive when it heads a gold cue.
        let rates: HashMap<String, (String, f64, u32)> = heads
            .iter()
            .filter(|(_, n)| **n >= 2)
            .map(|(form, n)| {
                let total = totals.get(form).copied().unwrap_or(*n).max(*n);
                (
                    form.clone(),
                    (lemma(form), f64::from(*n) / f64::from(total), *n),
                )
            })
            .collect();
        let mut per_article = Vec::new();
        for (_, text, raw) in &corpus {
            let mut doc = Document::new(text);
            quotelens::text::segment(&mut doc);
            quotelens::quotes::detect(&mut doc);
            let to_bytes = |s: &Span| {
                let a = doc.offsets.char_to_byte(s.start);
                Span::new(a, doc.offsets.char_to_byte(s.end).max(a))
            };
            let cues: Vec<Span> = parse_ann(raw)
                .iter()
                .filter_map(|r| r.cue.first().map(to_bytes))
                .collect();
            per_article.push(cuemodel::examples(&doc, &rates, &cues));
        }
        let examples: Vec<cuemodel::Example> = per_article.iter().flatten().cloned().collect();
        let positives = examples.iter().filter(|e| e.1).count();
        let weights = cuemodel::train(&examples, EPOCHS, MIN_FEATURE_COUNT);
        let weights_path = Path::new(out).with_file_name("cue-weights.tsv");
        let mut lines = vec![format!(
            "# Cue model weights (averaged perceptron, {EPOCHS} epochs, features seen at least \
         {MIN_FEATURE_COUNT} times) trained by build-cues on {} examples ({positives} cues); \
         feature<TAB>weight",
            examples.len()
        )];
        lines.extend(weight_lines(&weights));
        std::fs::write(&weights_path, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
        eprintln!(
            "build-cues: wrote {} weights to {}",
            lines.len() - 1,
            weights_path.display()
        );
        relation_model(
            &corpus,
            &per_article,
            &weights_path.with_file_name("relation-weights.tsv"),
        )?;
        Ok(count)
    }

    /// Folds of train for the relation model's cross-fitted cue scores.
    const FOLDS: usize = 5;
    /// Training passes of the relation model.
    const RELATION_EPOCHS: usize = 10;
    /// The relation model drops features seen fewer times.
    const RELATION_MIN_COUNT: usize = 5;

    /// Trains the relation model (`quotelens::attribution::relmodel`) and writes its weights to
    /// `out`. Articles are split into [`FOLDS`] folds by position; the relations of a fold are
    /// found with a cue model trained on the other folds, so the cue scores the model learns from
    /// are as unsure as on unseen text. A relation is positive when the PolNeAR evaluation's
    /// overlap matching pairs it with a gold relation.
    fn relation_model(
        corpus: &[(String, String, String)],
        cue_examples: &[Vec<quotelens::attribution::cuemodel::Example>],
        out: &std::path::Path,
    ) -> Result<(), String> {
        use quotelens::attribution::{attribute, cuemodel, relmodel};
        use quotelens::eval::polnear::{cue_outcomes, parse_ann};
        use quotelens::types::Document;
        use std::collections::HashMap;
        let mut examples = Vec::new();
        for fold in 0..FOLDS {
            let others: Vec<cuemodel::Example> = cue_examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .flat_map(|(_, e)| e.iter().cloned())
                .collect();
            let tsv = weight_lines(&cuemodel::train(&others, EPOCHS, MIN_FEATURE_COUNT)).join("\n");
            // One small map per fold, alive until the program ends.
            let weights: &'static cuemodel::Weights =
                Box::leak(Box::new(cuemodel::parse_weights(&tsv)));
            for (_, text, raw) in corpus.iter().skip(fold).step_by(FOLDS) {
                let found = cuemodel::with_weights(weights, || {
                    let mut doc = Document::new(text);
                    quotelens::text::segment(&mut doc);
                    quotelens::quotes::detect(&mut doc);
                    quotelens::ner::tag(&mut doc);
                    let ((), features) = relmodel::without_filter(|| attribute(&mut doc));
                    let outcome: HashMap<_, _> =
                        cue_outcomes(&doc, &parse_ann(raw)).into_iter().collect();
                    features
                        .into_iter()
                        .filter_map(|(cue, f)| Some((f, *outcome.get(&cue)?)))
                        .collect::<Vec<_>>()
                });
                examples.extend(found);
            }
        }
        let positives = examples.iter().filter(|e| e.1).count();
        let weights = cuemodel::train(&examples, RELATION_EPOCHS, RELATION_MIN_COUNT);
        let mut lines = vec![format!(
        "# Relation model weights (averaged perceptron, {RELATION_EPOCHS} epochs, features seen \
         at least {RELATION_MIN_COUNT} times) trained by build-cues on {} relations ({positives} \
         matched); feature<TAB>weight",
        examples.len()
    )];
        lines.extend(weight_lines(&weights));
        std::fs::write(out, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
        eprintln!(
            "build-cues: wrote {} relation weights to {}",
            lines.len() - 1,
            out.display()
        );
        Ok(())
    }

    /// The `feature<TAB>weight` lines of the weights worth writing (at least [`MIN_WEIGHT`]).
    fn weight_lines(weights: &[(String, f32)]) -> Vec<String> {
        weights
            .iter()
            .filter(|(_, w)| w.abs() >= MIN_WEIGHT)
            .map(|(f, w)| format!("{f}\t{w:.3}"))
            .collect()
    }
}
