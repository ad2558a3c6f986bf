//! Evaluation commands (native only): each reads a corpus from ../shared/data, runs the
//! pipeline, and prints precision, recall and F1 with the matching rules it uses.

pub mod audit;
pub mod ner;
pub mod polnear;
pub mod speakers;

/// Usage text for the `eval` binary.
pub const USAGE: &str = "\
usage:
  eval polnear DIR          quote attribution on a PolNeAR split (e.g. ../shared/data/polnear/dev)
  eval speakers FILE [--errors]
                            who the shown speaker is (e.g. ../shared/data/polnear/speakers/dev.json)
  eval audit DIR [--sample N]
                            the sourcing audit over a PolNeAR split, N flags to check by hand
  eval conll FILE           NER on CoNLL-2003 (e.g. ../shared/data/conll2003/eng.testa)
  eval ontonotes FILE       NER on OntoNotes (e.g. ../shared/data/ontonotes5/onto.dev.bio)
  eval texts conll|ontonotes FILE DIR
                            write the texts those two evaluations analyse, one file each
";

/// Runs `eval` with its arguments; returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("polnear") => polnear::run(&args[1..]),
        Some("speakers") => speakers::run(&args[1..]),
        Some("audit") => audit::run(&args[1..]),
        Some("conll") | Some("ontonotes") => ner::run(args),
        Some("texts") => ner::write_texts(&args[1..]),
        _ => {
            eprint!("{USAGE}");
            return 2;
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("eval: {e}");
            2
        }
    }
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Predictions that matched.
    pub true_positives: usize,
    /// Predictions made.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// Precision (1.0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
    /// Recall (1.0 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// One line: `P 0.912  R 0.874  F1 0.893  (tp/pred/gold)`.
    pub fn line(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}  ({}/{}/{})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_positives,
            self.predicted,
            self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}
