//! Trains the named-entity model from ../shared/data and writes it compressed (native only).
//!
//! ```text
//! cargo run --release --bin train-ner -- --data ../shared/data --out models/ner.bin.z
//! ```
//!
//! Options: `--epochs N` (10), `--min-count N` (12), `--conll-repeat N` (2), `--max-bytes N`
//! (700000), `--last-names N` (10000), `--min-population N` (50000), `--seed N` (0: the
//! default document order). See docs/ner.md.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use quotelens::ner::train::{train, Options};
    let mut opt = Options::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        let number = || -> usize {
            value.parse().unwrap_or_else(|_| {
                eprintln!("train-ner: {} needs a number", args[i]);
                std::process::exit(2)
            })
        };
        match args[i].as_str() {
            "--data" => opt.data = value.clone().into(),
            "--out" => opt.out = value.clone().into(),
            "--epochs" => opt.epochs = number(),
            "--min-count" => opt.min_count = number() as u32,
            "--conll-repeat" => opt.conll_repeat = number(),
            "--max-bytes" => opt.max_bytes = number(),
            "--last-names" => opt.last_names = number(),
            "--min-population" => opt.min_population = number() as u64,
            "--seed" => opt.seed = number() as u64,
            other => {
                eprintln!("train-ner: unknown option {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    if let Err(e) = train(&opt) {
        eprintln!("train-ner: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
