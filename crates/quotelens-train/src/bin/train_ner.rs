//! Trains the named-entity model from ../shared/data and writes it compressed (native only).
//!
//! ```text
//! cargo run --release --bin train-ner -- --data ../shared/data --out models/ner.bin.z
//! ```
//!
//! Options: `--epochs N` (10), `--min-count N` (12), `--conll-repeat N` (2), `--max-bytes N`
//! (760000, the cluster table included), `--last-names N` (10000), `--min-population N` (50000), `--seed N` (0: the
//! default document order), `--clusters FILE` (models/ner-clusters.z; `none` trains without
//! word clusters), `--soup K` (1: average the weights of K models trained with seeds
//! seed..seed+K-1 before pruning), `--threads N` (2: soup members trained at once).
//! See docs/ner.md.
//!
//! Word clusters (from the training splits' running text; writes the table that training
//! compiles into the model):
//!
//! ```text
//! cargo run --release --bin train-ner -- clusters --data ../shared/data --out models/ner-clusters.z
//! ```
//!
//! Options: `--classes N` (256), `--min-count N` (8), `--passes N` (12).

/// Walks `--flag value` pairs, handing each to `set` with the value and a parser for it as
/// a number; exits with status 2 on an unknown flag (`set` returns false) or a bad number.
#[cfg(not(target_arch = "wasm32"))]
fn each_option(command: &str, args: &[String], mut set: impl FnMut(&str, &str, usize) -> bool) {
    for pair in args.chunks(2) {
        let (flag, value) = (pair[0].as_str(), pair.get(1).map_or("", String::as_str));
        let number = value.parse().unwrap_or(usize::MAX);
        if !set(flag, value, number) {
            eprintln!("{command}: unknown option {flag}");
            std::process::exit(2);
        }
        if number == usize::MAX && flag != "--data" && flag != "--out" && flag != "--clusters" {
            eprintln!("{command}: {flag} needs a number");
            std::process::exit(2);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use quotelens_train::ner_train::{train, Options};
    let mut opt = Options::default();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "clusters") {
        args.remove(0);
        clusters(&args);
        return;
    }
    each_option("train-ner", &args, |flag, value, number| {
        match flag {
            "--data" => opt.data = value.into(),
            "--out" => opt.out = value.into(),
            "--epochs" => opt.epochs = number,
            "--min-count" => opt.min_count = number as u32,
            "--conll-repeat" => opt.conll_repeat = number,
            "--max-bytes" => opt.max_bytes = number,
            "--last-names" => opt.last_names = number,
            "--min-population" => opt.min_population = number as u64,
            "--seed" => opt.seed = number as u64,
            "--soup" => opt.soup = number,
            "--threads" => opt.threads = number,
            "--clusters" if value == "none" => opt.clusters = None,
            "--clusters" => opt.clusters = Some(value.into()),
            _ => return false,
        }
        true
    });
    if let Err(e) = train(&opt) {
        eprintln!("train-ner: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn clusters(args: &[String]) {
    use quotelens_train::learn_clusters::{learn, ClusterOptions};
    let mut opt = ClusterOptions::default();
    each_option("train-ner clusters", args, |flag, value, number| {
        match flag {
            "--data" => opt.data = value.into(),
            "--out" => opt.out = value.into(),
            "--classes" => opt.classes = number,
            "--min-count" => opt.min_count = number as u64,
            "--passes" => opt.passes = number,
            _ => return false,
        }
        true
    });
    if let Err(e) = learn(&opt) {
        eprintln!("train-ner clusters: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
