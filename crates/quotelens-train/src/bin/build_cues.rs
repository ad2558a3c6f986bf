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
        use quotelens::attribution::lexicon::lemma_in;
        use quotelens::attribution::SKIP_BEFORE_CUE;
        use quotelens::types::{Document, Span};
        use quotelens_train::eval::polnear::{articles, parse_ann};
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
        // Lemmas are checked against the words of the split ("raised" → "raise", not "rais").
        let lemma_of = |form: &str| lemma_in(form, &|w: &str| totals.contains_key(w));
        let mut lines = vec![
        "# Cue lexicon derived from PolNeAR train Cue spans by build-cues (crates/quotelens-train/src/bin/build_cues.rs)."
            .to_string(),
        "# form\tlemma\tcue (times it headed a cue)\ttotal (times the word occurs)".to_string(),
    ];
        for (form, n) in &heads {
            if *n < 2 {
                continue;
            }
            let total = totals.get(form).copied().unwrap_or(*n);
            lines.push(format!("{form}\t{}\t{n}\t{total}", lemma_of(form)));
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
                    (lemma_of(form), f64::from(*n) / f64::from(total), *n),
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
        let weights = quotelens_train::learn::perceptron(&examples, EPOCHS, MIN_FEATURE_COUNT);
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
        use quotelens::types::Document;
        use quotelens_train::eval::polnear::{cue_outcomes, parse_ann};
        use std::collections::HashMap;
        let mut examples = Vec::new();
        for fold in 0..FOLDS {
            let others: Vec<cuemodel::Example> = cue_examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .flat_map(|(_, e)| e.iter().cloned())
                .collect();
            let tsv = weight_lines(&quotelens_train::learn::perceptron(
                &others,
                EPOCHS,
                MIN_FEATURE_COUNT,
            ))
            .join("\n");
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
        // A negated or refused cue whose content states nothing ("did not say when…",
        // "declined to say whether…", "would not say"): PolNeAR often annotates these, but a
        // reader is told what was *not* said, so they are negatives here.
        let mut relabelled = 0;
        for (feats, gold) in &mut examples {
            if *gold && feats.iter().any(|f| relmodel::states_nothing(f)) {
                *gold = false;
                relabelled += 1;
            }
        }
        eprintln!(
            "build-cues: {relabelled} negated relations without stated content made negatives"
        );
        let positives = examples.iter().filter(|e| e.1).count();
        // The content shapes of matched and unmatched relations: how far the shape of the
        // content (a clause, or a noun phrase that may be the verb's object) tells them apart.
        let mut shapes: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
        for (feats, gold) in &examples {
            if let Some(shape) = feats.iter().find_map(|f| f.strip_prefix("clause=")) {
                let e = shapes.entry(shape).or_default();
                if *gold {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        for (shape, (matched, not)) in &shapes {
            eprintln!(
                "build-cues: content shape {shape:<6} {matched:>5} matched, {not:>5} not ({:.2} matched)",
                *matched as f64 / (*matched + *not).max(1) as f64
            );
        }
        // Held out: each fold scored by a model trained on the others, to show how well the
        // probabilities are calibrated on text the model has not seen.
        let mut held_out: Vec<(f32, bool)> = Vec::new();
        for fold in 0..FOLDS {
            let train: Vec<cuemodel::Example> = examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .map(|(_, e)| e.clone())
                .collect();
            let w: HashMap<String, f32> = logistic(&train).into_iter().collect();
            for (feats, gold) in examples.iter().skip(fold).step_by(FOLDS) {
                let z: f32 = feats.iter().filter_map(|f| w.get(f)).sum();
                held_out.push((1.0 / (1.0 + (-z).exp()), *gold));
            }
        }
        report_calibration(&held_out);
        let weights = logistic(&examples);
        let mut lines = vec![format!(
            "# Relation model weights (logistic regression, AdaGrad, {RELATION_EPOCHS} epochs, L2 \
             {RELATION_L2}, features seen at least {RELATION_MIN_COUNT} times) trained by \
             build-cues on {} relations ({positives} matched); a relation's log-odds is the sum \
             of its features' weights; feature<TAB>weight",
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

    /// The relation model's L2 penalty (per update, on the features it touches).
    const RELATION_L2: f32 = 0.0005;
    /// AdaGrad's step for the relation model.
    const RELATION_RATE: f32 = 0.1;

    /// Trains a logistic regression on `examples` (features seen fewer than
    /// [`RELATION_MIN_COUNT`] times dropped): AdaGrad over a fixed shuffle, [`RELATION_EPOCHS`]
    /// passes. Returns the weights, largest first.
    fn logistic(examples: &[quotelens::attribution::cuemodel::Example]) -> Vec<(String, f32)> {
        use std::collections::HashMap;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (feats, _) in examples {
            for f in feats {
                *seen.entry(f.as_str()).or_default() += 1;
            }
        }
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let data: Vec<(Vec<usize>, f32)> = examples
            .iter()
            .map(|(feats, gold)| {
                let mut ids: Vec<usize> = feats
                    .iter()
                    .map(String::as_str)
                    .filter(|f| seen[f] >= RELATION_MIN_COUNT)
                    .map(|f| {
                        *index.entry(f).or_insert_with(|| {
                            names.push(f);
                            names.len() - 1
                        })
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                (ids, if *gold { 1.0 } else { 0.0 })
            })
            .collect();
        let mut w = vec![0f32; names.len()];
        let mut g2 = vec![0f32; names.len()];
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..RELATION_EPOCHS {
            quotelens_train::learn::shuffle(&mut order, &mut seed);
            for &e in &order {
                let (ids, y) = &data[e];
                let z: f32 = ids.iter().map(|&i| w[i]).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let g = p - y;
                for &i in ids {
                    let gi = g + RELATION_L2 * w[i];
                    g2[i] += gi * gi;
                    w[i] -= RELATION_RATE * gi / (g2[i].sqrt() + 1e-6);
                }
            }
        }
        let mut out: Vec<(String, f32)> = names
            .iter()
            .zip(w)
            .map(|(n, w)| (n.to_string(), w))
            .collect();
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        out
    }

    /// Prints, for held-out probabilities, the share right in each tenth and the log loss.
    fn report_calibration(scored: &[(f32, bool)]) {
        let mut bins = [(0usize, 0usize, 0f64); 10];
        let mut loss = 0f64;
        for &(p, y) in scored {
            let b = ((p * 10.0) as usize).min(9);
            bins[b].0 += 1;
            bins[b].1 += usize::from(y);
            bins[b].2 += f64::from(p);
            let p = f64::from(p).clamp(1e-6, 1.0 - 1e-6);
            loss -= if y { p.ln() } else { (1.0 - p).ln() };
        }
        eprintln!(
            "build-cues: relation model held out on {} relations: log loss {:.3}",
            scored.len(),
            loss / scored.len().max(1) as f64
        );
        for (b, (n, right, sum)) in bins.iter().enumerate() {
            if *n > 0 {
                eprintln!(
                    "  p in [{:.1}, {:.1}): {n:5} relations, mean p {:.3}, right {:.3}",
                    b as f32 / 10.0,
                    (b + 1) as f32 / 10.0,
                    sum / *n as f64,
                    *right as f64 / *n as f64
                );
            }
        }
    }

    /// The `feature<TAB>weight` lines of the weights worth writing (at least [`MIN_WEIGHT`];
    /// the bias always).
    fn weight_lines(weights: &[(String, f32)]) -> Vec<String> {
        weights
            .iter()
            .filter(|(f, w)| w.abs() >= MIN_WEIGHT || f == "bias")
            .map(|(f, w)| format!("{f}\t{w:.3}"))
            .collect()
    }
}
