//! Trains the speaker-resolution ranker `models/speakers.tsv` (native only).
//!
//! ```text
//! cargo run --release --bin train-speakers -- ../shared/data/polnear/speakers/train.json models/speakers.tsv
//! ```
//!
//! Reads the hand-resolved speakers of the PolNeAR train articles (`speakers/train.json`, texts
//! and annotations from `../train` beside it), runs the pipeline up to the entity stage on each
//! article, and for each quotation judged against a gold relation (the rules of `eval
//! speakers`) marks which of its candidates ([`quotelens::speakers::candidates`]) are right: an
//! entity whose name or alias is one of the gold names, the rules' own name when the scoring
//! rules accept it, *unnamed* for an unnamed source. A log-linear model (softmax over the
//! candidates, AdaGrad, in text order so that the previous quotation's choice is the model's
//! own) is trained on them.
//!
//! The softmax temperature is fitted on held-out predictions (two folds of articles, each
//! scored by a model trained on the other), so that the confidence it gives means what it says.
//! Only feature names and weights are written, never corpus text; the output is the same byte
//! for byte on every run.
//!
//! A second mode writes the first-name table the ranker reads as gender evidence ("she" is
//! seldom a Jeff) from the US census name lists (public domain) in the shared gazetteers:
//!
//! ```text
//! cargo run --release --bin train-speakers -- names ../shared/data/gazetteers/us-census-names models/first-names.tsv
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 3 && args[0] == "names" {
        if let Err(e) = native::first_names(&args[1], &args[2]) {
            eprintln!("train-speakers: {e}");
            std::process::exit(2);
        }
        return;
    }
    if args.len() != 2 {
        eprintln!("usage: train-speakers SPEAKERS.json OUT.tsv (e.g. ../shared/data/polnear/speakers/train.json models/speakers.tsv)");
        eprintln!("       train-speakers names CENSUS_DIR OUT.tsv (e.g. ../shared/data/gazetteers/us-census-names models/first-names.tsv)");
        std::process::exit(2);
    }
    if let Err(e) = native::train(&args[0], &args[1]) {
        eprintln!("train-speakers: {e}");
        std::process::exit(2);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use quotelens::speakers::{best_candidate, decide, probabilities, Candidate, Model};
    use quotelens::types::Document;
    use quotelens_train::eval::speakers::{judged_quotations, load, right_candidates, GoldSpeaker};
    use std::collections::{BTreeMap, HashMap};
    use std::path::Path;

    /// Passes over the training articles.
    const EPOCHS: usize = 12;
    /// AdaGrad's step.
    const RATE: f32 = 0.1;
    /// Weight decay per update of a feature (L2).
    const DECAY: f32 = 0.0005;
    /// Features seen in fewer training mentions are dropped.
    const MIN_COUNT: usize = 3;
    /// Smaller weights are not written.
    const MIN_WEIGHT: f32 = 0.005;

    struct Learner {
        w: HashMap<u64, f32>,
        g2: HashMap<u64, f32>,
    }

    impl Learner {
        fn score(&self, feats: &[u64]) -> f32 {
            feats
                .iter()
                .map(|f| self.w.get(f).copied().unwrap_or(0.0))
                .sum()
        }
        /// One step on the negative log of the right candidates' total probability.
        fn update(&mut self, cands: &[Candidate], right: &[bool]) {
            let scores: Vec<f32> = cands.iter().map(|c| self.score(&c.feats)).collect();
            let p = probabilities(&scores, 1.0);
            let z: f32 = p
                .iter()
                .zip(right)
                .filter(|(_, &r)| r)
                .map(|(p, _)| p)
                .sum();
            if z <= 0.0 {
                return;
            }
            let mut grad: HashMap<u64, f32> = HashMap::new();
            for (i, c) in cands.iter().enumerate() {
                let target = if right[i] { p[i] / z } else { 0.0 };
                let g = p[i] - target;
                if g.abs() < 1e-6 {
                    continue;
                }
                for &f in &c.feats {
                    *grad.entry(f).or_default() += g;
                }
            }
            for (f, g) in grad {
                let w = self.w.entry(f).or_default();
                let acc = self.g2.entry(f).or_default();
                let g = g + DECAY * *w;
                *acc += g * g;
                *w -= RATE * g / (acc.sqrt() + 1e-6);
            }
        }
    }

    /// First names given to at least this share of the census's people of one sex (percent)…
    const NAME_MIN_SHARE: f64 = 0.005;
    /// … and at least this many times more often to that sex than to the other.
    const NAME_RATIO: f64 = 10.0;

    /// Writes `name<TAB>m|f` for the first names the census gives almost only to one sex.
    pub fn first_names(dir: &str, out: &str) -> Result<(), String> {
        let read = |file: &str| -> Result<HashMap<String, f64>, String> {
            let path = Path::new(dir).join(file);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(text
                .lines()
                .filter_map(|l| {
                    let mut it = l.split_whitespace();
                    let name = it.next()?.to_lowercase();
                    let share = it.next()?.parse::<f64>().ok()?;
                    Some((name, share))
                })
                .collect())
        };
        let male = read("dist.male.first")?;
        let female = read("dist.female.first")?;
        let mut rows: BTreeMap<&str, char> = BTreeMap::new();
        for (this, other, sex) in [(&male, &female, 'm'), (&female, &male, 'f')] {
            for (name, &share) in this {
                let rival = other.get(name).copied().unwrap_or(0.0);
                if share >= NAME_MIN_SHARE && rival * NAME_RATIO < share {
                    rows.insert(name, sex);
                }
            }
        }
        let mut s = String::from(
            "# First names and the sex the 1990 US census gives them almost only (src/speakers/context.rs).\n\
             # Rebuild: cargo run --release --bin train-speakers -- names ../shared/data/gazetteers/us-census-names models/first-names.tsv\n",
        );
        for (name, sex) in &rows {
            s.push_str(&format!("{name}\t{sex}\n"));
        }
        std::fs::write(out, s).map_err(|e| format!("{out}: {e}"))?;
        eprintln!("train-speakers: wrote {} first names to {out}", rows.len());
        Ok(())
    }

    /// Articles prepared for training: each document with, per quotation, its gold speaker.
    struct Prepared<'t> {
        doc: Document<'t>,
        gold: HashMap<usize, GoldSpeaker>,
    }

    fn prepare<'t>(
        text: &'t str,
        rels: &[quotelens_train::eval::polnear::GoldRelation],
        sps: &[Option<GoldSpeaker>],
    ) -> Prepared<'t> {
        let doc = quotelens::analyze_before_speakers(text);
        let judged = judged_quotations(&doc, rels);
        let mut gold = HashMap::new();
        for (q, sp) in judged.into_iter().zip(sps) {
            if let (Some(q), Some(sp)) = (q, sp) {
                if !sp.ambiguous {
                    gold.entry(q).or_insert_with(|| sp.clone());
                }
            }
        }
        Prepared { doc, gold }
    }

    /// Trains on `docs` (indices into `all`).
    fn fit(all: &[Prepared], docs: &[usize]) -> Learner {
        let mut l = Learner {
            w: HashMap::new(),
            g2: HashMap::new(),
        };
        for _ in 0..EPOCHS {
            for &d in docs {
                let p = &all[d];
                decide(&p.doc, false, |q, cands| {
                    if let Some(g) = p.gold.get(&q) {
                        let r = right_candidates(&p.doc, q, cands, g);
                        if r.iter().any(|&x| x) {
                            l.update(cands, &r);
                        }
                    }
                    best(&l, cands)
                });
            }
        }
        l
    }

    fn best(l: &Learner, cands: &[Candidate]) -> (usize, f32) {
        let scores: Vec<f32> = cands.iter().map(|c| l.score(&c.feats)).collect();
        (best_candidate(cands, &scores), 1.0)
    }

    pub fn train(file: &str, out: &str) -> Result<(), String> {
        let (articles, mismatched) = load(Path::new(file), None)?;
        if mismatched > 0 {
            eprintln!(
                "train-speakers: {mismatched} listed source spans differ from the .ann files"
            );
        }
        let all: Vec<Prepared> = articles
            .iter()
            .map(|a| prepare(&a.text, &a.relations, &a.speakers))
            .collect();
        // Readable names and mention counts of every feature.
        let mut names: HashMap<u64, String> = HashMap::new();
        let mut counts: HashMap<u64, usize> = HashMap::new();
        for p in &all {
            // The decisions follow the gold speakers here, so that the features that depend
            // on earlier decisions are seen too.
            decide(&p.doc, true, |q, cands| {
                for c in cands {
                    for (h, n) in c.feats.iter().zip(&c.names) {
                        names.entry(*h).or_insert_with(|| n.clone());
                        *counts.entry(*h).or_default() += 1;
                    }
                }
                let r = p
                    .gold
                    .get(&q)
                    .map(|g| right_candidates(&p.doc, q, cands, g))
                    .unwrap_or_default();
                (r.iter().position(|&x| x).unwrap_or(0), 1.0)
            });
        }
        // Held-out scores for the temperature: two folds of articles.
        let idx: Vec<usize> = (0..all.len()).collect();
        let (a, b): (Vec<usize>, Vec<usize>) = idx.iter().partition(|&&i| i % 2 == 0);
        let mut held: Vec<(Vec<f32>, Vec<bool>)> = Vec::new();
        for (train, test) in [(&a, &b), (&b, &a)] {
            let l = fit(&all, train);
            for &d in test.iter() {
                let p = &all[d];
                decide(&p.doc, false, |q, cands| {
                    if let Some(g) = p.gold.get(&q) {
                        let r = right_candidates(&p.doc, q, cands, g);
                        if r.iter().any(|&x| x) {
                            held.push((cands.iter().map(|c| l.score(&c.feats)).collect(), r));
                        }
                    }
                    best(&l, cands)
                });
            }
        }
        let nll = |t: f32| -> f64 {
            held.iter()
                .map(|(s, r)| {
                    let p = probabilities(s, t);
                    let z: f32 = p.iter().zip(r).filter(|(_, &x)| x).map(|(p, _)| p).sum();
                    -(z.max(1e-9) as f64).ln()
                })
                .sum()
        };
        let temperature = (2..=60)
            .map(|k| k as f32 * 0.05)
            .min_by(|&x, &y| nll(x).total_cmp(&nll(y)))
            .unwrap_or(1.0);
        let held_right = held
            .iter()
            .filter(|(s, r)| {
                let b = (0..s.len())
                    .max_by(|&x, &y| s[x].total_cmp(&s[y]).then(y.cmp(&x)))
                    .unwrap_or(0);
                r[b]
            })
            .count();
        eprintln!(
            "train-speakers: held-out (two folds) right {held_right}/{} ({:.3}), temperature {temperature:.2}",
            held.len(),
            held_right as f64 / held.len().max(1) as f64
        );
        let l = fit(&all, &idx);
        let mut lines: BTreeMap<&str, f32> = BTreeMap::new();
        for (h, w) in &l.w {
            if w.abs() < MIN_WEIGHT || counts.get(h).copied().unwrap_or(0) < MIN_COUNT {
                continue;
            }
            if let Some(n) = names.get(h) {
                lines.insert(n, *w);
            }
        }
        let mut s = String::new();
        s.push_str("# The speaker ranker (src/speakers.rs): feature<TAB>weight, softmax at the temperature.\n");
        s.push_str("# Rebuild: cargo run --release --bin train-speakers -- ../shared/data/polnear/speakers/train.json models/speakers.tsv\n");
        s.push_str(&format!("temperature\t{temperature:.2}\n"));
        for (n, w) in &lines {
            s.push_str(&format!("{n}\t{w:.4}\n"));
        }
        std::fs::write(out, s).map_err(|e| format!("{out}: {e}"))?;
        // A check that the written model is the one trained (rounding aside).
        let m = Model::parse(&std::fs::read_to_string(out).map_err(|e| e.to_string())?);
        eprintln!("train-speakers: wrote {} weights to {out}", m.weights.len());
        Ok(())
    }
}
